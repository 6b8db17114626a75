import Model

/// One sitting as the pass rule sees it.
public struct Sitting: Sendable, Equatable {
    public var id: Int64
    public var on: Day
    public var theory: Int?
    public var skills: Int?

    public init(id: Int64, on: Day, theory: Int?, skills: Int?) {
        self.id = id
        self.on = on
        self.theory = theory
        self.skills = skills
    }
}

/// A passed theory part and a passed skills part that together make a pass.
public struct PassedPair: Sendable, Equatable {
    /// The sitting whose theory part passed.
    public var theory: Sitting
    /// The sitting whose skills part passed.
    public var skills: Sitting
    /// The day the pair was complete (the later of the two).
    public var passedOn: Day { max(theory.on, skills.on) }
    /// The day the candidate first sat in this pair (eligibility to sit is judged on it).
    public var firstSatOn: Day { min(theory.on, skills.on) }
}

/// The DOMAIN.md pass rule: both parts ≥ 60; a passed part stays valid for a number of months (default 24),
/// so a resit of the failed part completes the pair.
public enum PassRule {
    /// The pass mark of each part.
    public static let passMark = 60

    /// The earliest completed pair in `sittings`, or nil when none: each part passed at some sitting, the
    /// later pass no more than `validityMonths` after the earlier one.
    public static func firstPass(_ sittings: [Sitting], validityMonths: Int = 24) -> PassedPair? {
        let ordered = sittings.sorted { ($0.on, $0.id) < ($1.on, $1.id) }
        var best: PassedPair?
        for t in ordered where (t.theory ?? -1) >= passMark {
            for s in ordered where (s.skills ?? -1) >= passMark {
                let (early, late) = t.on <= s.on ? (t.on, s.on) : (s.on, t.on)
                guard late <= early.adding(months: validityMonths) else { continue }
                let pair = PassedPair(theory: t, skills: s)
                if best == nil || pair.passedOn < (best?.passedOn ?? pair.passedOn) { best = pair }
            }
        }
        return best
    }

    /// Why a set of sittings has no pass yet, for messages.
    public static func shortfall(_ sittings: [Sitting]) -> String {
        if sittings.isEmpty { return "no assessment recorded" }
        let theory = sittings.contains { ($0.theory ?? -1) >= passMark }
        let skills = sittings.contains { ($0.skills ?? -1) >= passMark }
        switch (theory, skills) {
        case (false, false): return "neither part passed (both need ≥ \(passMark))"
        case (true, false): return "the skills part has not been passed"
        case (false, true): return "the theory part has not been passed"
        case (true, true): return "the passed parts are more than the validity period apart"
        }
    }
}
