import Foundation
import GRDB
import Model
import Storage

extension SubsidyPolicy {
    /// Every stored version, oldest first, each validated as it is loaded.
    public static func all(_ db: Database) throws -> [SubsidyPolicy] {
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM subsidy_policy ORDER BY effective_from")
        return try rows.map { row in
            let id: String = row["id"]
            do {
                let parameters = try JSONDecoder().decode(
                    SubsidyParameters.self, from: Data((row["parameters"] as String).utf8))
                return try SubsidyPolicy(
                    id: id, title: row["title"], source: row["source"], effectiveFrom: Day(row["effective_from"]),
                    effectiveTo: (row["effective_to"] as String?).map(Day.init), parameters: parameters
                ).validated()
            } catch let error as ConcordError {
                throw ConcordError("stored policy \(id) is invalid: \(error.description)", at: "subsidy_policy")
            } catch {
                throw ConcordError("stored policy \(id) has unreadable parameters: \(error)", at: "subsidy_policy")
            }
        }
    }

    /// Parses a policy file: one version as a JSON object, or several as an array.
    public static func decodeFile(_ data: Data, source: String) throws -> [SubsidyPolicy] {
        let decoder = JSONDecoder()
        do {
            let trimmed = String(decoding: data, as: UTF8.self).trimmingSpaces()
            let policies = trimmed.hasPrefix("[")
                ? try decoder.decode([SubsidyPolicy].self, from: data)
                : [try decoder.decode(SubsidyPolicy.self, from: data)]
            guard !policies.isEmpty else { throw ConcordError("the file holds no policy version", at: source) }
            return try policies.map { policy in
                do {
                    return try policy.validated()
                } catch let error as ConcordError {
                    throw ConcordError(
                        "policy \(policy.id.clipped): \(error.what)", at: "\(source): \(error.location)")
                }
            }
        } catch let error as DecodingError {
            throw ConcordError("the policy file is not valid: \(Self.describe(error))", at: source)
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = path(context.codingPath)
            return "missing key '\(key.stringValue)'\(at.isEmpty ? "" : " in \(at)")"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at '\(path(context.codingPath))'"
        case .dataCorrupted(let context):
            if let underlying = context.underlyingError as? ConcordError {
                return "\(underlying.what) at '\(path(context.codingPath))'"
            }
            return context.codingPath.isEmpty ? "not JSON" : "bad value at '\(path(context.codingPath))'"
        @unknown default:
            return "\(error)"
        }
    }
}

extension Store {
    /// Every policy version, oldest first.
    public func subsidyPolicies() throws -> [SubsidyPolicy] {
        try read { db in try SubsidyPolicy.all(db) }
    }

    /// One policy version by id.
    public func subsidyPolicy(id: String) throws -> SubsidyPolicy {
        let all = try subsidyPolicies()
        guard let policy = all.first(where: { $0.id == id }) else {
            throw ConcordError("no subsidy policy has the id \(id.clipped)", at: "id")
        }
        return policy
    }

    /// Adds policy versions (one file's worth), all or nothing: each is validated, and none may overlap
    /// another or a stored version.
    @discardableResult
    public func addSubsidyPolicies(_ policies: [SubsidyPolicy], source: String) throws -> [SubsidyPolicy] {
        let policies = try policies.map { try $0.validated() }
        return try write { db in
            let stored = try SubsidyPolicy.all(db)
            for policy in policies where stored.contains(where: { $0.id == policy.id }) {
                throw ConcordError("a policy with the id \(policy.id) already exists", at: source)
            }
            do {
                try SubsidyPolicy.checkNoOverlap(stored + policies)
            } catch let error as ConcordError {
                throw ConcordError(error.what, at: source)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for policy in policies {
                let parameters = String(decoding: try encoder.encode(policy.parameters), as: UTF8.self)
                try db.execute(
                    sql: """
                        INSERT INTO subsidy_policy (id, title, source, effective_from, effective_to, parameters,
                                                    created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        policy.id, policy.title, policy.source, policy.effectiveFrom.description,
                        policy.effectiveTo?.description, parameters, Timestamp.text(),
                    ])
            }
            try audit(
                db, action: "subsidy.policy.add",
                entity: "subsidy_policy:" + policies.map(\.id).joined(separator: ","), details: policies)
            return policies
        }
    }
}
