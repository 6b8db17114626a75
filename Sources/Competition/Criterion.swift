import Foundation
import GRDB
import Model
import Storage

/// One marked aspect of an event (评分细则): a measurement with one mark, or a judgement on a scale.
public struct Criterion: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "contest_criterion"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var contestId: Int64
    public var eventId: Int64
    /// The short code, unique in the contest (`P1-3`).
    public var code: String
    public var aspect: String
    public var kind: CriterionKind
    /// Hundredths, like every mark.
    public var maxMark: Int
    public var scaleMax: Int
    public var allowedSpread: Int
    public var createdAt: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The values scoring needs.
    public var rule: CriterionRule {
        CriterionRule(
            kind: kind, maxMark: Points(hundredths: maxMark), scaleMax: Points(hundredths: scaleMax),
            allowedSpread: Points(hundredths: allowedSpread))
    }

    /// The criterion of `contest` with this code, or an error naming it.
    public static func withCode(_ code: String, contest: Contest, in db: Database) throws -> Criterion {
        guard let found = try Criterion.filter(Column("contest_id") == contest.id && Column("code") == code)
            .fetchOne(db)
        else {
            throw ConcordError("contest \(contest.code) has no criterion \(code.clipped)")
        }
        return found
    }
}

/// What a criterion is added with (`criterion add` or one import row).
public struct CriterionInput: Sendable {
    public var event: String
    public var code: String
    public var aspect: String
    public var kind: CriterionKind
    public var maxMark: Points
    /// The top of a judgement scale (3 for 0–3); ignored for a measurement.
    public var scaleMax: Points
    public var allowedSpread: Points

    public init(
        event: String, code: String, aspect: String, kind: CriterionKind, maxMark: Points,
        scaleMax: Points = Points(3), allowedSpread: Points? = nil
    ) {
        self.event = event.trimmingSpaces()
        self.code = code.trimmingSpaces()
        self.aspect = aspect.trimmingSpaces()
        self.kind = kind
        self.maxMark = maxMark
        self.scaleMax = kind == .measurement ? maxMark : scaleMax
        // The WorldSkills default: 1 on a 0–3 scale, the same third of any other scale.
        self.allowedSpread = allowedSpread ?? Points(hundredths: Scoring.roundedQuotient(scaleMax.hundredths, 3))
    }

    /// Parses a scale written `3`, `0-3` or `0–3` (scales start at 0).
    public static func scale(_ text: String) throws -> Points {
        let parts = text.replacingOccurrences(of: "–", with: "-").split(separator: "-").map(String.init)
        guard (1...2).contains(parts.count), parts.count == 1 || (try? Points(parts[0])) == .zero,
              let top = try? Points(parts[parts.count - 1]), top > .zero
        else {
            throw ConcordError("scale \(text.clipped) must be written 0-N with N above 0, e.g. 0-3")
        }
        return top
    }

    /// Parses `measurement|judgement` (or 测量/评价).
    public static func kind(_ text: String) throws -> CriterionKind {
        switch text.trimmingSpaces().lowercased() {
        case "measurement", "测量", "客观": return .measurement
        case "judgement", "judgment", "评价", "主观": return .judgement
        default: throw ConcordError("criterion kind \(text.clipped) is not measurement or judgement")
        }
    }

    func validated() throws -> CriterionInput {
        try Code.check(code, "criterion code")
        guard (1...200).contains(aspect.count) else { throw ConcordError("aspect must be 1–200 characters") }
        guard maxMark > .zero else { throw ConcordError("max mark must be more than 0") }
        return self
    }
}

extension Store {
    /// Adds a criterion to an event of a contest.
    @discardableResult
    public func addCriterion(contest code: String, _ input: CriterionInput) throws -> Criterion {
        let input = try input.validated()
        return try write { db in
            let contest = try Contest.withCode(code, in: db)
            let record = try Criterion.insert(input, contest: contest, in: db)
            try audit(db, action: "contest.criterion.add", entity: "contest:\(contest.code)/\(record.code)",
                      details: record)
            return record
        }
    }

    /// Imports criteria from CSV `event,code,aspect,kind,max[,scale,spread]`; all or nothing.
    public func importCriteria(contest code: String, _ document: CSVDocument, dryRun: Bool) throws -> ImportSummary {
        try Importer(store: self, dryRun: dryRun).run(document) { db, problems in
            let contest = try Contest.withCode(code, in: db)
            var summary = ImportSummary()
            for record in document.rows {
                let saved = problems.check(record) {
                    let kind = try CriterionInput.kind(try record.required("kind"))
                    let input = try CriterionInput(
                        event: try record.required("event"), code: try record.required("code"),
                        aspect: try record.required("aspect"), kind: kind, maxMark: Points(try record.required("max")),
                        scaleMax: try record["scale"].map(CriterionInput.scale) ?? Points(3),
                        allowedSpread: try record["spread"].map { try Points($0) }
                    ).validated()
                    return try Criterion.insert(input, contest: contest, in: db)
                }
                if saved != nil { summary.created += 1 }
            }
            try self.audit(db, action: "contest.criterion.import", entity: "contest:\(contest.code)",
                           details: summary.details(document))
            return summary
        }
    }
}

extension Criterion {
    static func insert(_ input: CriterionInput, contest: Contest, in db: Database) throws -> Criterion {
        let event = try ContestEvent.withCode(input.event, contest: contest, in: db)
        if event.isLocked { throw ConcordError("event \(event.code) is locked") }
        let clash = Criterion.filter(Column("contest_id") == contest.id && Column("code") == input.code)
        if try clash.fetchCount(db) > 0 {
            throw ConcordError("contest \(contest.code) already has a criterion \(input.code)")
        }
        var record = Criterion(
            id: nil, contestId: contest.rowID, eventId: event.id ?? 0, code: input.code, aspect: input.aspect,
            kind: input.kind, maxMark: input.maxMark.hundredths, scaleMax: input.scaleMax.hundredths,
            allowedSpread: input.allowedSpread.hundredths, createdAt: Timestamp.text())
        try record.insert(db)
        return record
    }
}
