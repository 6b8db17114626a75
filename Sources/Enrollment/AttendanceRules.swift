import Model

/// What a trainee's attendance at one session was.
public enum AttendanceStatus: String, Codable, Sendable, CaseIterable {
    case present, late
    case leftEarly = "left-early"
    case absent, excused

    /// Parses `present|late|left-early|absent|excused`.
    public init(_ text: String) throws {
        guard let status = AttendanceStatus(rawValue: text.trimmingSpaces().lowercased()) else {
            throw ConcordError(
                "attendance status \(text.clipped) is not one of "
                    + AttendanceStatus.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = status
    }

    /// Whether the status means the person came (and so has check-in and check-out times).
    public var came: Bool { self == .present || self == .late || self == .leftEarly }
}

/// The times of a session, as the attendance rules need them.
public struct SessionWindow: Sendable, Hashable {
    public var start: Int
    public var end: Int
    /// Minutes of lateness (or early leaving) tolerated before the status says so.
    public var grace: Int

    /// A value from its fields.
    public init(start: Int, end: Int, grace: Int) {
        self.start = start
        self.end = end
        self.grace = grace
    }
}

/// One attendance outcome: status, times (minutes since midnight) and attended minutes.
public struct AttendanceOutcome: Sendable, Equatable {
    public var status: AttendanceStatus
    public var checkIn: Int?
    public var checkOut: Int?
    public var attendedMinutes: Int
    public var note: String

    /// A value from its fields.
    public init(status: AttendanceStatus, checkIn: Int?, checkOut: Int?, attendedMinutes: Int, note: String = "") {
        self.status = status
        self.checkIn = checkIn
        self.checkOut = checkOut
        self.attendedMinutes = attendedMinutes
        self.note = note
    }
}

/// The attendance rules, as functions of values (no database).
public enum AttendanceRules {
    /// Sign-in events closer than this many minutes to the event before them are one event (a double tap).
    public static let duplicateWindow = 5

    /// The overlap, in minutes, of [in, out] with the session.
    public static func attendedMinutes(checkIn: Int, checkOut: Int, session: SessionWindow) -> Int {
        max(0, min(checkOut, session.end) - max(checkIn, session.start))
    }

    /// The status the times show: late when the check-in is after start + grace, else left-early when the
    /// check-out is before end − grace, else present. (Late wins when both hold; the minutes show the rest.)
    public static func derivedStatus(checkIn: Int, checkOut: Int, session: SessionWindow) -> AttendanceStatus {
        if checkIn > session.start + session.grace { return .late }
        if checkOut < session.end - session.grace { return .leftEarly }
        return .present
    }

    /// A record entered by hand: times are checked, the status derived when not given, minutes computed.
    public static func manual(
        status: AttendanceStatus?, checkIn: ClockTime?, checkOut: ClockTime?, session: SessionWindow
    ) throws -> AttendanceOutcome {
        if let status, !status.came {
            guard checkIn == nil && checkOut == nil else {
                throw ConcordError("an \(status.rawValue) record takes no check-in or check-out time")
            }
            return AttendanceOutcome(status: status, checkIn: nil, checkOut: nil, attendedMinutes: 0)
        }
        guard let checkIn, let checkOut else {
            throw ConcordError("a person who came needs both a check-in and a check-out time")
        }
        guard checkOut >= checkIn else {
            throw ConcordError("check-out \(checkOut) is before check-in \(checkIn)")
        }
        let minutes = attendedMinutes(checkIn: checkIn.minutes, checkOut: checkOut.minutes, session: session)
        let derived = derivedStatus(checkIn: checkIn.minutes, checkOut: checkOut.minutes, session: session)
        return AttendanceOutcome(
            status: status ?? derived, checkIn: checkIn.minutes, checkOut: checkOut.minutes, attendedMinutes: minutes)
    }

    /// Sign-in events (minutes since midnight, any order) reduced to events: a run of events each within
    /// `duplicateWindow` minutes of the one before is one event, at the run's first time.
    public static func collapse(_ events: [Int]) -> [Int] {
        var kept: [Int] = []
        var previous: Int?
        for event in events.sorted() {
            if let previous, event - previous <= duplicateWindow {
                // A double tap: part of the run already kept.
            } else {
                kept.append(event)
            }
            previous = event
        }
        return kept
    }

    /// The outcome of a session's sign-in events: the first event is the check-in, the last the check-out.
    /// A single event (no check-out) counts no minutes and is marked left-early with a note, for the
    /// coordinator to correct from the paper sheet; minutes are never credited without proof of leaving.
    public static func fromEvents(_ events: [Int], session: SessionWindow) -> AttendanceOutcome? {
        let kept = collapse(events)
        guard let first = kept.first, let last = kept.last else { return nil }
        guard kept.count > 1 else {
            return AttendanceOutcome(
                status: .leftEarly, checkIn: first, checkOut: nil, attendedMinutes: 0,
                note: "no check-out recorded")
        }
        return AttendanceOutcome(
            status: derivedStatus(checkIn: first, checkOut: last, session: session), checkIn: first, checkOut: last,
            attendedMinutes: attendedMinutes(checkIn: first, checkOut: last, session: session))
    }

    /// The index of the session an event at `minute` belongs to: the one it falls in, else the nearest by
    /// time (an early check-in, a late check-out); the earlier session on a tie. Nil when there is none.
    public static func nearestSession(to minute: Int, among sessions: [SessionWindow]) -> Int? {
        func distance(_ s: SessionWindow) -> Int {
            minute < s.start ? s.start - minute : (minute > s.end ? minute - s.end : 0)
        }
        return sessions.indices.min {
            (distance(sessions[$0]), sessions[$0].start) < (distance(sessions[$1]), sessions[$1].start)
        }
    }
}
