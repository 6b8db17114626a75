import Foundation

/// How a criterion is marked: one objective mark, or several judges' marks on a scale.
public enum CriterionKind: String, Codable, Sendable, CaseIterable {
    case measurement, judgement
}

/// What scoring needs to know about one criterion.
public struct CriterionRule: Sendable, Hashable {
    /// Measurement or judgement.
    public var kind: CriterionKind
    /// The most the criterion contributes to its event.
    public var maxMark: Points
    /// The top of the marking scale (3 on a 0–3 scale); for a measurement, the max mark itself.
    public var scaleMax: Points
    /// The largest difference between judges' marks that is not flagged.
    public var allowedSpread: Points

    /// A rule; a measurement's scale is its max mark.
    public init(kind: CriterionKind, maxMark: Points, scaleMax: Points? = nil, allowedSpread: Points = Points(1)) {
        self.kind = kind
        self.maxMark = maxMark
        self.scaleMax = kind == .measurement ? maxMark : (scaleMax ?? Points(3))
        self.allowedSpread = allowedSpread
    }
}

/// One event's result for one contestant, as the weighted total needs it.
public struct EventResult: Sendable, Hashable {
    /// Sum of the event's criterion scores.
    public var score: Points
    /// Sum of the event's max marks.
    public var maximum: Points
    /// The event's weight in percent (30 for 30 %).
    public var weight: Points

    public init(score: Points, maximum: Points, weight: Points) {
        self.score = score
        self.maximum = maximum
        self.weight = weight
    }
}

/// The scoring rules of a skills competition (Docs/COMPETITION.md), as functions of values with no I/O.
public enum Scoring {
    /// The marks that count: with 5 or more judges one highest and one lowest mark are dropped.
    public static func countedMarks(_ marks: [Points]) -> [Points] {
        guard marks.count >= 5 else { return marks }
        return Array(marks.sorted().dropFirst().dropLast())
    }

    /// A criterion's score on its max mark: the mean of the counted marks, scaled from the marking scale to
    /// the max mark, rounded half up to hundredths in integer arithmetic; nil without marks.
    public static func criterionScore(_ marks: [Points], rule: CriterionRule) -> Points? {
        let counted = countedMarks(marks)
        guard !counted.isEmpty, rule.scaleMax.hundredths > 0 else { return nil }
        let sum = counted.reduce(0) { $0 + $1.hundredths }
        return Points(hundredths: roundedQuotient(
            sum * rule.maxMark.hundredths, counted.count * rule.scaleMax.hundredths))
    }

    /// The difference between the highest and the lowest mark (zero for fewer than two).
    public static func spread(_ marks: [Points]) -> Points {
        guard let low = marks.min(), let high = marks.max() else { return .zero }
        return high - low
    }

    /// Whether judges' marks on a judgement criterion differ by more than it allows.
    public static func isFlagged(_ marks: [Points], rule: CriterionRule) -> Bool {
        rule.kind == .judgement && marks.count >= 2 && spread(marks) > rule.allowedSpread
    }

    /// An event's score: the sum of its criterion scores.
    public static func eventScore(_ criterionScores: [Points]) -> Points {
        criterionScores.reduce(.zero, +)
    }

    /// The weighted total out of 100: the sum over events of weight × score ÷ maximum, computed exactly
    /// and rounded half up to hundredths once, at the end.
    public static func total(_ events: [EventResult]) -> Points {
        let terms = events.filter { $0.maximum.hundredths > 0 }.map {
            (numerator: $0.weight.hundredths * $0.score.hundredths, denominator: $0.maximum.hundredths)
        }
        return Points(hundredths: roundedSum(terms))
    }

    /// `a ÷ b` rounded half up, for a ≥ 0 and b > 0.
    static func roundedQuotient(_ a: Int, _ b: Int) -> Int {
        (2 * a + b) / (2 * b)
    }

    /// The sum of fractions rounded half up, exactly over their least common denominator; `Decimal` (38
    /// digits) only when that denominator would overflow.
    static func roundedSum(_ terms: [(numerator: Int, denominator: Int)]) -> Int {
        var denominator = 1
        for term in terms {
            let g = gcd(denominator, term.denominator)
            let (product, overflow) = denominator.multipliedReportingOverflow(by: term.denominator / g)
            if overflow { return decimalSum(terms) }
            denominator = product
        }
        var numerator = 0
        for term in terms {
            let (scaled, o1) = term.numerator.multipliedReportingOverflow(by: denominator / term.denominator)
            let (sum, o2) = numerator.addingReportingOverflow(scaled)
            if o1 || o2 { return decimalSum(terms) }
            numerator = sum
        }
        let (twice, overflow) = numerator.multipliedReportingOverflow(by: 2)
        if overflow || denominator > Int.max / 2 { return decimalSum(terms) }
        return (twice + denominator) / (2 * denominator)
    }

    private static func decimalSum(_ terms: [(numerator: Int, denominator: Int)]) -> Int {
        var sum = terms.reduce(Decimal(0)) { $0 + Decimal($1.numerator) / Decimal($1.denominator) }
        var rounded = Decimal()
        NSDecimalRound(&rounded, &sum, 0, .plain)
        return NSDecimalNumber(decimal: rounded).intValue
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (abs(a), abs(b))
        while b != 0 { (a, b) = (b, a % b) }
        return max(a, 1)
    }
}
