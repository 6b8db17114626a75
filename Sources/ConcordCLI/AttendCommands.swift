import ArgumentParser
import Enrollment
import Foundation
import Model
import Storage

/// `concord attend record|import|list`.
struct AttendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attend", abstract: "Attendance at course sessions.",
        subcommands: [Record.self, Import.self, List.self])

    struct Record: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record or correct one person's attendance at a session (the audit log keeps the old value).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Course code.") var course: String
        @Option(help: "The person's resident identity number.") var person: String
        @Option(help: "The session's day (YYYY-MM-DD).") var date: String
        @Option(help: "The session's start time (HH:MM), when the course meets more than once that day.")
        var start: String?
        @Option(help: "present, late, left-early, absent or excused (derived from the times when omitted).")
        var status: String?
        @Option(name: .customLong("in"), help: "Check-in time (HH:MM).") var checkIn: String?
        @Option(name: .customLong("out"), help: "Check-out time (HH:MM).") var checkOut: String?
        @Option(help: "A note, e.g. why a record was corrected.") var note = ""

        func run(_ context: CommandContext) async throws {
            let input = AttendanceInput(
                course: course, person: try Parse.option("--person") { try ResidentID(person) },
                day: try Parse.option("--date") { try Day(date) },
                start: try Parse.option("--start", start, ClockTime.init),
                status: try Parse.option("--status", status, AttendanceStatus.init),
                checkIn: try Parse.option("--in", checkIn, ClockTime.init),
                checkOut: try Parse.option("--out", checkOut, ClockTime.init), note: note)
            let (record, corrected) = try context.store.recordAttendance(input)
            if context.json { return try context.printJSON(record) }
            print("attendance \(corrected ? "corrected" : "recorded"): \(input.person.masked) \(input.day) "
                + "\(record.status.rawValue), \(HoursText.of(record.attendedMinutes)) h")
        }
    }

    struct Import: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: """
                Import a sign-in device's CSV (resident_id,time[,device,course]; one row per event, time \
                YYYY-MM-DD HH:MM[:SS]); all or nothing.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The CSV file (UTF-8, UTF-8 with BOM, or GB18030).") var file: String
        @Flag(name: .customLong("dry-run"), help: "Check every row, write nothing.") var dryRun = false

        func run(_ context: CommandContext) async throws {
            let document = try CSVDocument(path: file, required: ["resident_id", "time"])
            let summary = try context.store.importSignIns(document, dryRun: dryRun)
            try printImport(summary, context: context, noun: "attendance records", dryRun: dryRun)
        }
    }

    struct List: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "List a course's attendance (IDs masked).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Course code.") var course: String
        @Option(help: "Only this day (YYYY-MM-DD).") var date: String?

        func run(_ context: CommandContext) async throws {
            let all = try context.store.attendance(course: course, day: try Parse.option("--date", date, Day.init))
            if context.json { return try context.printJSON(all) }
            Output.printTable(
                ["date", "session", "name", "ID", "status", "in", "out", "hours", "source", "note"],
                all.map {
                    [$0.date.description, $0.session, $0.name, $0.idMasked, $0.status.rawValue, $0.checkIn ?? "",
                     $0.checkOut ?? "", $0.hours, $0.source.rawValue, $0.note]
                })
        }
    }
}
