import CertificateTemplates
import Foundation
import Model
import Mustache
import Storage

/// The printed forms of a paid-leave statement other than the terminal table: CSV and a printable HTML page.
public enum StatementFormats {
    /// The CSV form: one row per employee and day, then each employee's totals (`date` = `total`).
    /// Columns: `employee,id_masked,date,course,course_title,kind,minutes,hours,protected,approval,mode`.
    public static func csv(_ statement: PaidLeaveStatement) throws -> String {
        var rows: [[String]] = []
        for e in statement.employees {
            for (day, protected) in e.protectedDays.map({ ($0, true) }) + e.unprotectedDays.map({ ($0, false) }) {
                rows.append([
                    e.name, e.idMasked, day.date.description, day.course, day.courseTitle, day.kind,
                    String(day.minutes), day.hours, protected ? "yes" : "no", day.approval ?? "",
                    day.mode?.rawValue ?? "",
                ])
            }
            rows.append([e.name, e.idMasked, "total", "", "", "", String(e.protectedMinutes), e.protectedHours,
                         "yes", "", ""])
            rows.append([e.name, e.idMasked, "total", "", "", "", String(e.unprotectedMinutes),
                         e.unprotectedHours, "no", "", ""])
        }
        return try CSVText.render(
            [
                "employee", "id_masked", "date", "course", "course_title", "kind", "minutes", "hours", "protected",
                "approval", "mode",
            ], rows)
    }

    /// The HTML form, rendered by Mustache from the shipped `leave-statement.html` (escaping by the engine).
    public static func html(_ statement: PaidLeaveStatement) throws -> String {
        guard let text = TemplateFiles.text(named: "leave-statement.html") else {
            throw ConcordError("the template leave-statement.html is not shipped with this build")
        }
        let template = try MustacheTemplate(string: text)
        return template.render(StatementPage(statement))
    }
}

/// The statement flattened to strings for the template (Mustache reads it by reflection).
struct StatementPage {
    struct DayRow {
        var date: String, course: String, title: String, kind: String, hours: String, approval: String, mode: String
    }

    struct Employee {
        var name: String, idMasked: String, protectedHours: String, unprotectedHours: String
        var protectedDays: [DayRow], unprotectedDays: [DayRow]
    }

    var employer: String, creditCode: String, from: String, to: String, generatedOn: String, rule: String
    var protectedHours: String, unprotectedHours: String
    var employees: [Employee]

    init(_ s: PaidLeaveStatement) {
        func day(_ d: LeaveDay) -> DayRow {
            DayRow(date: d.date.description, course: d.course, title: d.courseTitle, kind: d.kind, hours: d.hours,
                approval: d.approval ?? "", mode: d.mode.map { $0 == .fullTime ? "全脱产" : "半脱产" } ?? "")
        }
        employer = s.employer
        creditCode = s.creditCode
        from = s.from.description
        to = s.to.description
        generatedOn = s.generatedOn.description
        rule = s.rule
        protectedHours = s.protectedHours
        unprotectedHours = s.unprotectedHours
        employees = s.employees.map {
            Employee(
                name: $0.name, idMasked: $0.idMasked, protectedHours: $0.protectedHours,
                unprotectedHours: $0.unprotectedHours, protectedDays: $0.protectedDays.map(day),
                unprotectedDays: $0.unprotectedDays.map(day))
        }
    }
}
