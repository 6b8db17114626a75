import Foundation
import GRDB
import Model
import Storage

/// What a lock recorded.
public struct LockRecord: Codable, Sendable, Equatable {
    public var contest: String
    public var event: String
    public var lockedAt: String
    public var lockedBy: String
}

/// What a correction after lock changed.
public struct CorrectionRecord: Codable, Sendable, Equatable {
    public var number: String
    public var criterion: String
    public var judge: String
    public var before: Points
    public var after: Points
    public var reason: String
}

extension Store {
    /// Open spread flags of a contest (optionally one event).
    public func flags(contest code: String, event: String? = nil) throws -> [SpreadFlag] {
        try read { db in
            let contest = try Contest.withCode(code, in: db)
            let eventID = try event.map { try ContestEvent.withCode($0, contest: contest, in: db).id } ?? nil
            return try MarkBook(contest: contest, in: db).flags(event: eventID)
        }
    }

    /// Accepts a flagged spread as it stands, with a reason, so the event can lock without a re-mark.
    public func overrideFlag(contest code: String, number: String, criterion: String, reason: String) throws {
        let reason = reason.trimmingSpaces()
        guard !reason.isEmpty else { throw ConcordError("an override needs a reason", at: "--reason") }
        try write { db in
            let contest = try Contest.withCode(code, in: db)
            let contestant = try Contestant.withNumber(number, contest: contest, in: db)
            let criterion = try Criterion.withCode(criterion, contest: contest, in: db)
            let book = try MarkBook(contest: contest, in: db)
            guard book.flags(event: criterion.eventId)
                .contains(where: { $0.number == contestant.number && $0.criterion == criterion.code })
            else {
                throw ConcordError("contestant \(contestant.number) has no open flag on \(criterion.code)")
            }
            try db.execute(sql: """
                INSERT INTO contest_flag_override (contestant_id, criterion_id, reason, actor, created_at)
                VALUES (?, ?, ?, ?, ?)
                """, arguments: [contestant.id, criterion.id, reason, actor, Timestamp.text()])
            try audit(db, action: "contest.flag.override",
                      entity: "contest:\(contest.code)/\(contestant.number)/\(criterion.code)",
                      details: ["reason": reason])
        }
    }

    /// Signs off an event's marks: refused while any mark is missing or any flag is open.
    @discardableResult
    public func lockEvent(contest code: String, event eventCode: String) throws -> LockRecord {
        try write { db in
            let contest = try Contest.withCode(code, in: db)
            var event = try ContestEvent.withCode(eventCode, contest: contest, in: db)
            if event.isLocked { throw ConcordError("event \(event.code) is already locked (\(event.lockedAt ?? ""))") }
            let book = try MarkBook(contest: contest, in: db)
            if book.contestants.isEmpty { throw ConcordError("contest \(contest.code) has no contestants") }
            if !book.criteria.contains(where: { $0.eventId == event.id }) {
                throw ConcordError("event \(event.code) has no criteria")
            }
            let missing = book.missing(event: event)
            if !missing.isEmpty {
                throw ConcordError(
                    "event \(event.code) has \(missing.count) missing mark\(missing.count == 1 ? "" : "s")"
                        + "; not locked",
                    details: Array(missing.prefix(50)))
            }
            let flags = book.flags(event: event.id)
            if !flags.isEmpty {
                throw ConcordError(
                    "event \(event.code) has \(flags.count) open spread flag\(flags.count == 1 ? "" : "s"); "
                        + "re-mark or override them first",
                    details: flags.prefix(50).map { "\($0.number) \($0.criterion): \($0.marks)" })
            }
            event.lockedAt = Timestamp.text()
            event.lockedBy = actor
            try event.update(db)
            let record = LockRecord(
                contest: contest.code, event: event.code, lockedAt: event.lockedAt ?? "", lockedBy: actor)
            try audit(db, action: "contest.lock", entity: "contest:\(contest.code)/\(event.code)", details: record)
            return record
        }
    }

    /// Changes a mark of a locked event; the reason and the value before and after are kept.
    @discardableResult
    public func correctMark(contest code: String, _ input: MarkInput, reason: String) throws -> CorrectionRecord {
        let reason = reason.trimmingSpaces()
        guard !reason.isEmpty else { throw ConcordError("a correction needs a reason", at: "--reason") }
        return try write { db in
            let contest = try Contest.withCode(code, in: db)
            let desk = try MarkDesk(contest: contest, in: db)
            let (contestant, criterion, judge, event) = try desk.resolve(input)
            guard event.isLocked else {
                throw ConcordError("event \(event.code) is not locked; re-mark with 'contest mark record --replace'")
            }
            guard var mark = try Mark.filter(Column("contestant_id") == contestant.id
                && Column("criterion_id") == criterion.id && Column("judge_id") == judge.id).fetchOne(db)
            else {
                throw ConcordError("judge \(judge.code) has no mark for \(contestant.number) on \(criterion.code)")
            }
            let record = CorrectionRecord(
                number: contestant.number, criterion: criterion.code, judge: judge.code,
                before: Points(hundredths: mark.value), after: input.value, reason: reason)
            try db.execute(sql: """
                INSERT INTO contest_correction (mark_id, before, after, reason, actor, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [mark.id, mark.value, input.value.hundredths, reason, actor, Timestamp.text()])
            mark.value = input.value.hundredths
            mark.timeUsed = input.timeUsed ?? mark.timeUsed
            try mark.update(db)
            try audit(db, action: "contest.correct",
                      entity: "contest:\(contest.code)/\(contestant.number)/\(criterion.code)/\(judge.code)",
                      details: record)
            return record
        }
    }
}
