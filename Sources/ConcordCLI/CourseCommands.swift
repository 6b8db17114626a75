import ArgumentParser
import Enrollment
import Foundation
import Model
import Storage

/// `concord course add|list|show|import|session`.
struct CourseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "course", abstract: "Training courses and their sessions.",
        subcommands: [Add.self, List.self, Show.self, Import.self, SessionCommand.self])

    struct Add: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "Create a course at a training institution.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Course code, e.g. HZ-L4-2025A.") var code: String
        @Option(help: "Title.") var title: String
        @Option(help: "The training institution's code.") var institution: String
        @Option(help: "Target skill level: 4 or 3.") var level: String
        @Option(name: .customLong("class-hours"), help: "Class hours (default 120 for level 4, 100 for level 3).")
        var classHours: Int?
        @Option(name: .customLong("class-hour-minutes"), help: "Minutes in one class hour (30–60, default 60).")
        var classHourMinutes = 60
        @Option(name: .customLong("completion-percent"), help: "Share of class hours needed to complete (default 80).")
        var completionPercent = 80
        @Option(help: "How many trainees the course takes.") var capacity: Int
        @Option(help: "Fee in yuan (two decimals at most).") var fee: String
        @Option(help: "First day (YYYY-MM-DD).") var starts: String
        @Option(help: "Last day (YYYY-MM-DD).") var ends: String
        @Option(
            name: .customLong("grace-minutes"), help: "Minutes late or early before attendance says so (default 10).")
        var graceMinutes = 10

        func run(_ context: CommandContext) async throws {
            let input = CourseInput(
                code: code, title: title, institution: institution,
                level: try Parse.option("--level") { try SkillLevel(level) }, classHours: classHours,
                classHourMinutes: classHourMinutes, completionPercent: completionPercent, capacity: capacity,
                fee: try Parse.option("--fee") { try Fen(yuanText: fee) },
                startsOn: try Parse.option("--starts") { try Day(starts) },
                endsOn: try Parse.option("--ends") { try Day(ends) }, graceMinutes: graceMinutes)
            let course = try context.store.addCourse(input)
            if context.json { return try context.printJSON(try context.store.course(course.code).course) }
            print(
                "course \(course.code) added: \(course.title), level \(course.level), \(course.classHours) class hours")
        }
    }

    struct List: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "List courses.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this institution's courses (code).") var institution: String?

        func run(_ context: CommandContext) async throws {
            let all = try context.store.courses(institution: institution)
            if context.json { return try context.printJSON(all) }
            Output.printTable(
                ["code", "title", "institution", "level", "hours", "enrolled", "fee", "dates"],
                all.map {
                    [$0.code, $0.title, $0.institution, $0.level.description, String($0.classHours),
                     "\($0.enrolled)/\($0.capacity)", $0.feeFen.yuanText, "\($0.startsOn)–\($0.endsOn)"]
                })
        }
    }

    struct Show: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "Show one course and its sessions.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Course code.") var code: String

        struct Detail: Encodable {
            var course: CourseView
            var sessions: [SessionView]
        }

        func run(_ context: CommandContext) async throws {
            let (course, sessions) = try context.store.course(code)
            if context.json {
                return try context.printJSON(Detail(course: course, sessions: sessions.map(SessionView.init)))
            }
            let fields: [(String, String)] = [
                ("code", course.code), ("title", course.title), ("institution", course.institution),
                ("level", course.level.label),
                ("class hours", "\(course.classHours) × \(course.classHourMinutes) min "
                    + "(\(course.scheduledClassHours) scheduled)"),
                ("completion", "\(course.completionPercent) %"), ("enrolled", "\(course.enrolled)/\(course.capacity)"),
                ("fee", "¥" + course.feeFen.yuanText), ("dates", "\(course.startsOn) to \(course.endsOn)"),
                ("grace", "\(course.graceMinutes) min"),
            ]
            for (k, v) in fields { print(k.padding(toLength: 14, withPad: " ", startingAt: 0) + v) }
            print("")
            SessionCommand.List.printSessions(sessions)
        }
    }

    struct Import: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: """
                Import courses from CSV (code,title,institution,level,capacity,fee,starts_on,ends_on\
                [,class_hours,class_hour_minutes,completion_percent,grace_minutes]); all or nothing.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The CSV file (UTF-8, UTF-8 with BOM, or GB18030).") var file: String
        @Flag(name: .customLong("dry-run"), help: "Check every row, write nothing.") var dryRun = false

        func run(_ context: CommandContext) async throws {
            let document = try CSVDocument(
                path: file,
                required: ["code", "title", "institution", "level", "capacity", "fee", "starts_on", "ends_on"])
            let summary = try context.store.importCourses(document, dryRun: dryRun)
            try printImport(summary, context: context, noun: "courses", dryRun: dryRun)
        }
    }
}

/// A session as printed in JSON.
struct SessionView: Codable {
    var id: Int64?
    var date: Day
    var start: String
    var end: String
    var classHours: Int
    var kind: String

    init(_ s: CourseSession) {
        id = s.id
        date = s.day
        start = ClockTime(minutes: s.startMinute)?.description ?? ""
        end = ClockTime(minutes: s.endMinute)?.description ?? "24:00"
        classHours = s.classHours
        kind = s.kind.rawValue
    }
}

/// `concord course session add|list|import`.
struct SessionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session", abstract: "A course's class and assessment sessions.",
        subcommands: [Add.self, List.self, Import.self])

    struct Add: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a session; it may not overlap another session of the course.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Course code.") var course: String
        @Option(help: "Day (YYYY-MM-DD).") var date: String
        @Option(help: "Start time (HH:MM).") var start: String
        @Option(help: "End time (HH:MM).") var end: String
        @Option(help: "Class hours; must match the times (derived when omitted).") var hours: Int?
        @Option(help: "class or assessment.") var kind = "class"

        func run(_ context: CommandContext) async throws {
            let input = SessionInput(
                course: course, day: try Parse.option("--date") { try Day(date) },
                start: try Parse.option("--start") { try ClockTime(start) },
                end: try Parse.option("--end") { try ClockTime(end) }, classHours: hours,
                kind: try Parse.option("--kind") { try CourseSession.Kind(kind) })
            let session = try context.store.addSession(input)
            if context.json { return try context.printJSON(SessionView(session)) }
            print("session added: \(course) \(session.day) \(session.timeText), \(session.classHours) class hours "
                + "(\(session.kind.rawValue))")
        }
    }

    struct List: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "List a course's sessions.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Course code.") var course: String

        func run(_ context: CommandContext) async throws {
            let sessions = try context.store.sessions(course: course)
            if context.json { return try context.printJSON(sessions.map(SessionView.init)) }
            Self.printSessions(sessions)
        }

        static func printSessions(_ sessions: [CourseSession]) {
            Output.printTable(
                ["date", "time", "class hours", "kind"],
                sessions.map { [$0.day.description, $0.timeText, String($0.classHours), $0.kind.rawValue] })
        }
    }

    struct Import: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import sessions from CSV (course,date,start,end[,hours,kind]); all or nothing.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The CSV file (UTF-8, UTF-8 with BOM, or GB18030).") var file: String
        @Flag(name: .customLong("dry-run"), help: "Check every row, write nothing.") var dryRun = false

        func run(_ context: CommandContext) async throws {
            let document = try CSVDocument(path: file, required: ["course", "date", "start", "end"])
            let summary = try context.store.importSessions(document, dryRun: dryRun)
            try printImport(summary, context: context, noun: "sessions", dryRun: dryRun)
        }
    }
}
