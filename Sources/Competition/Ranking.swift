/// What a contestant is ranked by: total, then practical score, then less time used.
public struct Standing: Sendable, Hashable {
    /// The weighted total.
    public var total: Points
    /// The weighted share of the total that comes from practical events.
    public var practical: Points
    /// Seconds used over all events; nil (unknown) ranks as slowest.
    public var timeUsed: Int?

    public init(total: Points, practical: Points, timeUsed: Int?) {
        self.total = total
        self.practical = practical
        self.timeUsed = timeUsed
    }

    /// Whether `self` ranks strictly ahead of `other`.
    public func isAhead(of other: Standing) -> Bool {
        if total != other.total { return total > other.total }
        if practical != other.practical { return practical > other.practical }
        return (timeUsed ?? Int.max) < (other.timeUsed ?? Int.max)
    }
}

/// A prize, first being the highest.
public enum Award: String, Codable, Sendable, CaseIterable, Comparable {
    case first, second, third

    /// The printed name: 一等奖, 二等奖, 三等奖.
    public var label: String {
        switch self {
        case .first: "一等奖"
        case .second: "二等奖"
        case .third: "三等奖"
        }
    }

    private var order: Int {
        switch self {
        case .first: 0
        case .second: 1
        case .third: 2
        }
    }

    public static func < (lhs: Award, rhs: Award) -> Bool { lhs.order < rhs.order }
}

/// A contest's award rule: each prize's share of the contestants and the minimum total to win any.
public struct AwardRule: Sendable, Hashable, Codable {
    /// Shares in percent (10 for 10 %), first, second, third.
    public var first: Points
    public var second: Points
    public var third: Points
    /// The least total that can win a prize.
    public var minimum: Points

    public init(first: Points = Points(10), second: Points = Points(20), third: Points = Points(30),
                minimum: Points = Points(60)) {
        self.first = first
        self.second = second
        self.third = third
        self.minimum = minimum
    }

    /// The share of a prize.
    public func share(_ award: Award) -> Points {
        switch award {
        case .first: first
        case .second: second
        case .third: third
        }
    }
}

/// Ranking and awards (Docs/COMPETITION.md).
public enum Ranking {
    /// Competition ranks (1, 2, 2, 4) for `standings`, in their order.
    public static func ranks(_ standings: [Standing]) -> [Int] {
        let order = standings.indices.sorted { standings[$0].isAhead(of: standings[$1]) }
        var ranks = Array(repeating: 0, count: standings.count)
        for (position, index) in order.enumerated() {
            if position > 0, !standings[order[position - 1]].isAhead(of: standings[index]) {
                ranks[index] = ranks[order[position - 1]]
            } else {
                ranks[index] = position + 1
            }
        }
        return ranks
    }

    /// How many of each prize: the share of `contestants` rounded down, at least one when anyone qualifies.
    public static func counts(contestants: Int, anyoneQualifies: Bool, rule: AwardRule) -> [Award: Int] {
        var counts: [Award: Int] = [:]
        for award in Award.allCases {
            let n = rule.share(award).hundredths * contestants / 10_000
            counts[award] = anyoneQualifies ? max(n, 1) : n
        }
        return counts
    }

    /// Each contestant's prize: by rank against the cumulative counts, so contestants tied across a boundary
    /// share the higher prize; none below the minimum total.
    public static func awards(ranks: [Int], totals: [Points], rule: AwardRule) -> [Award?] {
        let qualifies = totals.map { $0 >= rule.minimum }
        let counts = counts(contestants: ranks.count, anyoneQualifies: qualifies.contains(true), rule: rule)
        var limits: [(Award, Int)] = []
        var cumulative = 0
        for award in Award.allCases {
            cumulative += counts[award] ?? 0
            limits.append((award, cumulative))
        }
        return ranks.indices.map { i in
            guard qualifies[i] else { return nil }
            return limits.first { ranks[i] <= $0.1 }?.0
        }
    }
}
