import Catalog
import Foundation
import GRDB
import Model
import Storage

/// What a certificate number needs about an evaluation body (评价机构), keyed by its institution.
public struct EvaluationBody: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "evaluation_body"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// The institution (kind evaluation or both).
    public var institutionId: Int64
    /// `S` (social evaluation body) or `Y` (employer body).
    public var bodyType: String
    /// Four digits registered with the ministry, `0000` when registered with a province.
    public var bodyCode: String
    /// `33` (Zhejiang).
    public var province: String
    /// The six-digit body/site sequence.
    public var site: String
    public var updatedAt: String

    /// The body of the institution with code `code`, or an error naming what is missing.
    public static func named(_ code: String, in db: Database) throws -> (EvaluationBody, Institution) {
        let institution = try Institution.named(code, in: db)
        guard let body = try EvaluationBody.fetchOne(db, key: institution.id) else {
            throw ConcordError(
                "institution \(code) has no certificate-number settings; run 'concord cert body set'")
        }
        return (body, institution)
    }
}

/// An evaluation body with its institution, as `cert body list` prints it.
public struct EvaluationBodyView: Codable, Sendable, Equatable {
    public var institution: String
    public var name: String
    public var bodyType: String
    public var bodyCode: String
    public var province: String
    public var site: String
}

extension Store {
    /// Sets (or changes) the certificate-number settings of an evaluation institution.
    @discardableResult
    public func setEvaluationBody(
        institution code: String, type: String, bodyCode: String, site: String, province: String = "33"
    ) throws -> EvaluationBody {
        let type = type.trimmingSpaces().uppercased()
        guard type == "S" || type == "Y" else {
            throw ConcordError("body type \(type.clipped) is not S (social body) or Y (employer body)", at: "--type")
        }
        for (value, count, option) in [(bodyCode, 4, "--body-code"), (site, 6, "--site"), (province, 2, "--province")]
        where value.count != count || !value.allSatisfy({ $0.isASCII && $0.isNumber }) {
            throw ConcordError("\(value.clipped) must be \(count) digits", at: option)
        }
        return try write { db in
            let institution = try Institution.named(code, in: db)
            guard institution.kind.evaluates, let id = institution.id else {
                throw ConcordError("institution \(code) is a training institution, not an evaluation body")
            }
            let body = EvaluationBody(
                institutionId: id, bodyType: type, bodyCode: bodyCode, province: province, site: site,
                updatedAt: Timestamp.text())
            try body.save(db)
            try audit(db, action: "body.set", entity: "institution:\(code)", details: body)
            return body
        }
    }

    /// Every evaluation body with number settings, by institution code.
    public func evaluationBodies() throws -> [EvaluationBodyView] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT i.code, i.name, b.* FROM evaluation_body b JOIN institution i ON i.id = b.institution_id
                ORDER BY i.code
                """).map {
                EvaluationBodyView(
                    institution: $0["code"], name: $0["name"], bodyType: $0["body_type"], bodyCode: $0["body_code"],
                    province: $0["province"], site: $0["site"])
            }
        }
    }
}
