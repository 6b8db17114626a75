import PropertyBased
import Testing

@testable import Competition

func p(_ text: String) -> Points { (try? Points(text)) ?? Points(hundredths: -1) }
func marks(_ values: String...) -> [Points] { values.map(p) }

@Suite struct ScoringTests {
    static let judged = CriterionRule(kind: .judgement, maxMark: Points(10), scaleMax: Points(3))

    @Test(arguments: [
        // 5 judges: the lowest (2) and one highest (3) dropped; mean 7/3 of 3 on max 10 = 7.777… → 7.78.
        (["2", "2.5", "3", "2", "2.5"], 10, 778),
        // 3 judges: no trim, mean 7/3 on max 4 = 3.111… → 3.11.
        (["2", "3", "2"], 4, 311),
        // 7 judges: only one highest and one lowest dropped: 2,2,2,2,3 → 11/5 on max 3 = 2.20.
        (["0", "2", "2", "3", "2", "2", "3"], 3, 220),
        // Half a hundredth rounds up: mean 1.5 of 3 on max 0.25 → 0.125 → 0.13.
        (["1", "2"], 0, 13),
    ])
    func criterionScores(_ values: [String], _ maxMark: Int, _ expected: Int) {
        let max = maxMark == 0 ? p("0.25") : Points(maxMark)
        let rule = CriterionRule(kind: .judgement, maxMark: max, scaleMax: Points(3))
        #expect(Scoring.criterionScore(values.map(p), rule: rule) == Points(hundredths: expected))
    }

    @Test func fiveJudgesDropOneHighestAndOneLowest() {
        #expect(Scoring.countedMarks(marks("3", "1", "2", "2.5", "3")) == marks("2", "2.5", "3"))
        #expect(Scoring.countedMarks(marks("3", "1", "2", "2.5")) == marks("3", "1", "2", "2.5"))
    }

    @Test func aMeasurementIsTheMark() {
        let rule = CriterionRule(kind: .measurement, maxMark: Points(100))
        #expect(Scoring.criterionScore(marks("82.5"), rule: rule) == p("82.5"))
        #expect(Scoring.criterionScore([], rule: rule) == nil)
    }

    @Test(arguments: [
        (["3", "1", "2"], true),   // spread 2 > 1
        (["3", "2", "2"], false),  // spread 1 = allowed
        (["3"], false),            // one mark has no spread
    ])
    func spreadFlags(_ values: [String], _ flagged: Bool) {
        #expect(Scoring.isFlagged(values.map(p), rule: Self.judged) == flagged)
        let measured = CriterionRule(kind: .measurement, maxMark: Points(10))
        #expect(!Scoring.isFlagged(values.map(p), rule: measured))
    }

    /// The worked example of Docs/COMPETITION.md.
    @Test func workedExample() {
        let theory = Scoring.eventScore([Scoring.criterionScore(marks("82.5"), rule: .init(
            kind: .measurement, maxMark: Points(100))) ?? .zero])
        let c1 = Scoring.criterionScore(marks("2", "2.5", "3", "2", "2.5"), rule: Self.judged) ?? .zero
        let c2 = Scoring.criterionScore(marks("6.5"), rule: .init(kind: .measurement, maxMark: Points(10))) ?? .zero
        let practical = Scoring.eventScore([c1, c2])
        #expect(theory == p("82.5"))
        #expect(c1 == p("7.78"))
        #expect(practical == p("14.28"))
        let events = [
            EventResult(score: theory, maximum: Points(100), weight: Points(30)),
            EventResult(score: practical, maximum: Points(20), weight: Points(70)),
        ]
        #expect(Scoring.total(events) == p("74.73"))
        #expect(Scoring.total([events[1]]) == p("49.98"))
    }

    @Test func totalsRoundOnceAndExactly() {
        // 1/3 + 1/6 hundredths is exactly one half: rounds up, which Double or a truncated decimal can miss.
        #expect(Scoring.roundedSum([(1, 3), (1, 6)]) == 1)
        #expect(Scoring.roundedSum([(1, 3), (1, 7)]) == 0)
        #expect(Scoring.total([EventResult(score: Points(1), maximum: Points(3), weight: Points(100))]) == p("33.33"))
    }

    @Test func trimmedMeanStaysWithinTheMarksAndIgnoresTheirOrder() async {
        await propertyCheck(input: Gen.int(in: 0...300).array(of: 1...9)) { values in
            let points = values.map { Points(hundredths: $0) }
            let rule = CriterionRule(kind: .judgement, maxMark: Points(3), scaleMax: Points(3))
            let score = Scoring.criterionScore(points, rule: rule)
            #expect(score.map { $0 >= (points.min() ?? .zero) && $0 <= (points.max() ?? .zero) } == true)
            #expect(Scoring.criterionScore(points.reversed(), rule: rule) == score)
            #expect(Scoring.criterionScore(points.sorted(), rule: rule) == score)
        }
    }
}

@Suite struct RankingTests {
    func standing(_ total: String, _ practical: String = "0", _ time: Int? = nil) -> Standing {
        Standing(total: p(total), practical: p(practical), timeUsed: time)
    }

    @Test func higherTotalFirst() {
        #expect(Ranking.ranks([standing("80"), standing("90"), standing("85")]) == [3, 1, 2])
    }

    @Test func tieBrokenByPracticalScore() {
        #expect(Ranking.ranks([standing("85", "55"), standing("85", "60")]) == [2, 1])
    }

    @Test func tieBrokenByLessTimeUsed() {
        #expect(Ranking.ranks([standing("85", "60", 5400), standing("85", "60", 5100)]) == [2, 1])
        // Unknown time ranks as slowest.
        #expect(Ranking.ranks([standing("85", "60", nil), standing("85", "60", 6000)]) == [2, 1])
    }

    @Test func fullTieSharesTheRank() {
        let ranks = Ranking.ranks(
            [standing("90"), standing("85", "60", 100), standing("85", "60", 100), standing("70")])
        #expect(ranks == [1, 2, 2, 4])
    }

    @Test(arguments: [(10, [1, 2, 3]), (5, [1, 1, 1]), (25, [2, 5, 7]), (1, [1, 1, 1])])
    func awardCounts(_ contestants: Int, _ expected: [Int]) {
        let counts = Ranking.counts(contestants: contestants, anyoneQualifies: true, rule: AwardRule())
        #expect(Award.allCases.map { counts[$0] ?? -1 } == expected)
        let none = Ranking.counts(contestants: 5, anyoneQualifies: false, rule: AwardRule())
        #expect(none[.first] == 0)
    }

    @Test func awardsByRankWithTheMinimum() {
        let totals = marks("95", "90", "90", "85", "80", "80", "75", "70", "59", "50")
        let ranks = Ranking.ranks(totals.map { Standing(total: $0, practical: .zero, timeUsed: 1) })
        #expect(ranks == [1, 2, 2, 4, 5, 5, 7, 8, 9, 10])
        let awards = Ranking.awards(ranks: ranks, totals: totals, rule: AwardRule())
        #expect(awards == [.first, .second, .second, .third, .third, .third, nil, nil, nil, nil])
    }

    @Test func contestantsTiedAcrossABoundaryBothGetTheHigherAward() {
        // 10 contestants: one first prize, but the top two tie.
        let totals = marks("95", "95", "90", "88", "86", "84", "82", "80", "78", "76")
        let ranks = Ranking.ranks(totals.map { Standing(total: $0, practical: .zero, timeUsed: 1) })
        let awards = Ranking.awards(ranks: ranks, totals: totals, rule: AwardRule())
        #expect(Array(awards.prefix(4)) == [.first, .first, .second, .third])
        // A tie on the third-prize boundary (positions 6 and 7) gives both the third prize.
        let edge = marks("95", "94", "93", "92", "91", "90", "90", "80", "78", "76")
        let edgeRanks = Ranking.ranks(edge.map { Standing(total: $0, practical: .zero, timeUsed: 1) })
        let edgeAwards = Ranking.awards(ranks: edgeRanks, totals: edge, rule: AwardRule())
        #expect(edgeAwards[5] == .third && edgeAwards[6] == .third && edgeAwards[7] == nil)
    }

    @Test func nobodyBelowTheMinimumWins() {
        let totals = marks("59.99", "40", "30")
        let awards = Ranking.awards(ranks: [1, 2, 3], totals: totals, rule: AwardRule())
        #expect(awards == [nil, nil, nil])
    }
}

@Suite struct DrawAndValueTests {
    @Test func drawsAreUniqueZeroPaddedAndRepeatableWithASeed() {
        var a = SeededGenerator(seed: 7)
        var b = SeededGenerator(seed: 7)
        let first = NumberDraw.draw(50, taken: ["001"], width: 3, using: &a)
        #expect(first == NumberDraw.draw(50, taken: ["001"], width: 3, using: &b))
        #expect(Set(first).count == 50)
        #expect(!first.contains("001"))
        #expect(first.allSatisfy { $0.count == 3 && $0 != "000" })
    }

    @Test(arguments: [(20, 3), (499, 3), (500, 4), (4_999, 4), (5_000, 5)])
    func widthGrowsWithTheField(_ contestants: Int, _ width: Int) {
        #expect(NumberDraw.width(forContestants: contestants) == width)
    }

    @Test(arguments: [("2.5", 250), ("3", 300), ("0.05", 5), ("10.25", 1025)])
    func pointsParse(_ text: String, _ hundredths: Int) throws {
        #expect(try Points(text).hundredths == hundredths)
    }

    @Test(arguments: ["-1", "2.555", "abc", "", "1e3"])
    func badPoints(_ text: String) {
        #expect(throws: (any Error).self) { try Points(text) }
    }

    @Test func recusalBySharedEmployerOrInstitution() {
        #expect(Recusal.applies(
            judgeEmployer: 1, judgeInstitution: nil, contestantEmployer: 1, contestantInstitution: 9))
        #expect(Recusal.applies(
            judgeEmployer: 2, judgeInstitution: 9, contestantEmployer: 1, contestantInstitution: 9))
        #expect(!Recusal.applies(judgeEmployer: nil, judgeInstitution: nil, contestantEmployer: nil,
                                 contestantInstitution: nil))
        #expect(!Recusal.applies(
            judgeEmployer: 2, judgeInstitution: 8, contestantEmployer: 1, contestantInstitution: 9))
    }

    @Test func standardisationKeepsTheShapeOfEachJudge() {
        // Judge 2 marks everyone one step harsher; after standardisation both judges agree.
        let marks: [(judge: Int64, share: Double)] = [(1, 0.9), (1, 0.5), (2, 0.6), (2, 0.2)]
        let rescaled = Standardisation.rescale(marks)
        #expect(abs(rescaled[0] - rescaled[2]) < 1e-9)
        #expect(abs(rescaled[1] - rescaled[3]) < 1e-9)
    }
}
