import CertificateTemplates
import Foundation
import GRDB
import Model
import Mustache
import Storage

/// A judge's marking sheet: contestant numbers (never names) against the criteria the judge marks,
/// leaving out contestants the judge is recused for.
public struct JudgeSheet: Sendable, Equatable {
    public var contest: String
    public var contestName: String
    public var judge: String
    public var lines: [Line]

    /// One box to fill in.
    public struct Line: Sendable, Equatable, Codable {
        public var number: String
        public var event: String
        public var criterion: String
        public var aspect: String
        public var scale: String
    }

    /// The sheet as CSV: `number,event,criterion,aspect,scale,mark` with an empty mark column.
    public func csv() throws -> String {
        try CSVText.render(
            ["number", "event", "criterion", "aspect", "scale", "mark"],
            lines.map { [$0.number, $0.event, $0.criterion, $0.aspect, $0.scale, ""] })
    }

    /// The sheet as an HTML page, rendered from `Certificates/templates/contest-sheet.html`.
    public func html() throws -> String {
        try CompetitionTemplates.render("contest-sheet.html", [
            "contest": contest, "contestName": contestName, "judge": judge,
            "lines": lines.map { ["number": $0.number, "event": $0.event, "criterion": $0.criterion,
                                  "aspect": $0.aspect, "scale": $0.scale] },
        ])
    }
}

extension ContestResults {
    /// The results as CSV: rank, number, name, one column per event, total, award.
    public func csv() throws -> String {
        try CSVText.render(
            ["rank", "number", "name"] + events + ["total", "award"],
            rows.map { row in
                [String(row.rank), row.number, row.name ?? ""]
                    + events.map { row.eventScores[$0]?.description ?? "" }
                    + [row.total.description, row.award?.label ?? ""]
            })
    }

    /// The results as an HTML page, rendered from `Certificates/templates/contest-results.html`.
    public func html() throws -> String {
        try CompetitionTemplates.render("contest-results.html", [
            "contest": contest.code, "contestName": contest.name, "organiser": contest.organiser,
            "final": isFinal, "events": events.map { ["code": $0] },
            "rows": rows.map { row in
                [
                    "rank": String(row.rank), "number": row.number, "name": row.name ?? "",
                    "scores": events.map { ["score": row.eventScores[$0]?.description ?? ""] },
                    "total": row.total.description, "award": row.award?.label ?? "",
                ] as [String: Any]
            },
        ])
    }
}

/// Rendering through the shipped Mustache templates (escaping is done by the engine).
enum CompetitionTemplates {
    static func render(_ name: String, _ object: [String: Any]) throws -> String {
        guard let text = TemplateFiles.text(named: name) else {
            throw ConcordError("the template \(name) is not shipped with this build")
        }
        return try MustacheTemplate(string: text).render(object)
    }
}

extension Store {
    /// The marking sheet of judge `judgeCode`, optionally for one event.
    public func sheet(contest code: String, judge judgeCode: String, event: String? = nil) throws -> JudgeSheet {
        try read { db in
            let contest = try Contest.withCode(code, in: db)
            let judge = try Judge.withCode(judgeCode, contest: contest, in: db)
            let book = try MarkBook(contest: contest, in: db)
            var eventIDs = book.judgeEvents[judge.id ?? 0] ?? []
            if let event {
                eventIDs.formIntersection([try ContestEvent.withCode(event, contest: contest, in: db).id ?? 0])
            }
            let eventCodes = Dictionary(uniqueKeysWithValues: book.events.map { ($0.id ?? 0, $0.code) })
            var lines: [JudgeSheet.Line] = []
            for contestant in book.contestants where !Recusal.applies(judge, contestant) {
                for criterion in book.criteria where eventIDs.contains(criterion.eventId) {
                    lines.append(JudgeSheet.Line(
                        number: contestant.number, event: eventCodes[criterion.eventId] ?? "",
                        criterion: criterion.code, aspect: criterion.aspect,
                        scale: "0–\(Points(hundredths: criterion.scaleMax).short)"))
                }
            }
            return JudgeSheet(contest: contest.code, contestName: contest.name, judge: judge.code, lines: lines)
        }
    }
}
