import Foundation

/// The optional `--standardise` view: each judge's marks turned into z-scores against that judge's own
/// marks, then re-scaled to the whole panel's mean and deviation. It is reported beside the raw result and
/// never replaces it (Docs/COMPETITION.md).
public enum Standardisation {
    /// Re-scales `marks` (each a judge and a value as a share of its scale, 0…1) judge by judge; a judge whose
    /// marks never vary is only shifted to the panel mean.
    public static func rescale(_ marks: [(judge: Int64, share: Double)]) -> [Double] {
        guard marks.count >= 2 else { return marks.map(\.share) }
        let panel = meanAndDeviation(marks.map(\.share))
        var byJudge: [Int64: [Double]] = [:]
        for mark in marks { byJudge[mark.judge, default: []].append(mark.share) }
        let stats = byJudge.mapValues(meanAndDeviation)
        return marks.map { mark in
            guard let own = stats[mark.judge] else { return mark.share }
            let z = own.deviation > 0 ? (mark.share - own.mean) / own.deviation : 0
            let shifted = own.deviation > 0 ? panel.mean + z * panel.deviation : mark.share - own.mean + panel.mean
            return min(max(shifted, 0), 1)
        }
    }

    /// The mean and the population standard deviation.
    static func meanAndDeviation(_ values: [Double]) -> (mean: Double, deviation: Double) {
        guard !values.isEmpty else { return (0, 0) }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        return (mean, variance.squareRoot())
    }

    /// The book's judgement marks standardised per event; measurement marks unchanged.
    static func adjust(_ book: MarkBook) -> [[[Points]]] {
        var adjusted = book.marks.map { row in row.map { marks in marks.map(\.value) } }
        for event in book.events {
            var positions: [(c: Int, k: Int, i: Int)] = []
            var shares: [(judge: Int64, share: Double)] = []
            for (k, criterion) in book.criteria.enumerated()
            where criterion.eventId == event.id && criterion.kind == .judgement {
                let top = Double(criterion.scaleMax)
                for c in book.contestants.indices {
                    for (i, mark) in book.marks[c][k].enumerated() {
                        positions.append((c, k, i))
                        shares.append((mark.judge, Double(mark.value.hundredths) / top))
                    }
                }
            }
            for (position, share) in zip(positions, rescale(shares)) {
                let top = Double(book.criteria[position.k].scaleMax)
                adjusted[position.c][position.k][position.i] = Points(hundredths: Int((share * top).rounded()))
            }
        }
        return adjusted
    }
}
