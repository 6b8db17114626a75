import Catalog
import Foundation
import GRDB
import Model
import Storage

/// A judge of a contest: a registry person with the employer and institution recusal is checked against.
public struct Judge: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "contest_judge"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var contestId: Int64
    /// The judge's code on sheets and marks (`J1`).
    public var code: String
    public var personId: Int64
    public var employerId: Int64?
    public var institutionId: Int64?
    public var createdAt: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The judge of `contest` with this code, or an error naming it.
    public static func withCode(_ code: String, contest: Contest, in db: Database) throws -> Judge {
        guard let found = try Judge.filter(Column("contest_id") == contest.id && Column("code") == code).fetchOne(db)
        else {
            throw ConcordError("contest \(contest.code) has no judge \(code.clipped)")
        }
        return found
    }

    /// The ids of the events this judge marks.
    public func eventIDs(in db: Database) throws -> Set<Int64> {
        Set(try Int64.fetchAll(db, sql: "SELECT event_id FROM contest_judge_event WHERE judge_id = ?",
                               arguments: [id]))
    }
}

/// Recusal (回避): a judge from a contestant's employer or training institution does not mark them.
public enum Recusal {
    /// Whether a judge with these affiliations must recuse for a contestant with those.
    public static func applies(
        judgeEmployer: Int64?, judgeInstitution: Int64?, contestantEmployer: Int64?, contestantInstitution: Int64?
    ) -> Bool {
        if let a = judgeEmployer, a == contestantEmployer { return true }
        if let a = judgeInstitution, a == contestantInstitution { return true }
        return false
    }

    /// Whether `judge` must recuse for `contestant`.
    public static func applies(_ judge: Judge, _ contestant: Contestant) -> Bool {
        applies(judgeEmployer: judge.employerId, judgeInstitution: judge.institutionId,
                contestantEmployer: contestant.employerId, contestantInstitution: contestant.institutionId)
    }
}

extension Store {
    /// Adds a judge for the listed events; the employer comes from the person's record.
    @discardableResult
    public func addJudge(
        contest code: String, judge judgeCode: String, person: ResidentID, institution: String?, events: [String]
    ) throws -> Judge {
        let judgeCode = judgeCode.trimmingSpaces()
        try Code.check(judgeCode, "judge code")
        guard !events.isEmpty else { throw ConcordError("a judge needs at least one event") }
        return try write { db in
            let contest = try Contest.withCode(code, in: db)
            let person = try Person.withID(person, in: db)
            let institutionID = try institution.map { try Institution.named($0, in: db).id } ?? nil
            let eventRecords = try events.map { try ContestEvent.withCode($0, contest: contest, in: db) }
            if try Judge.filter(Column("contest_id") == contest.id && Column("code") == judgeCode).fetchCount(db) > 0 {
                throw ConcordError("contest \(contest.code) already has a judge \(judgeCode)")
            }
            if try Judge.filter(Column("contest_id") == contest.id && Column("person_id") == person.id)
                .fetchCount(db) > 0 {
                throw ConcordError("\(person.maskedName) already judges contest \(contest.code)")
            }
            if try Contestant.filter(Column("contest_id") == contest.id && Column("person_id") == person.id)
                .fetchCount(db) > 0 {
                throw ConcordError("\(person.maskedName) is a contestant in contest \(contest.code)")
            }
            var judge = Judge(
                id: nil, contestId: contest.rowID, code: judgeCode, personId: person.id ?? 0,
                employerId: person.employerId, institutionId: institutionID, createdAt: Timestamp.text())
            try judge.insert(db)
            for event in eventRecords {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO contest_judge_event (judge_id, event_id) VALUES (?, ?)",
                    arguments: [judge.id, event.id])
            }
            try audit(db, action: "contest.judge.add", entity: "contest:\(contest.code)/judge:\(judgeCode)",
                      details: ["person": person.maskedID, "events": eventRecords.map(\.code).joined(separator: ",")])
            return judge
        }
    }
}
