import ArgumentParser

/// The `concord` command tree.
public struct Concord: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "concord",
        abstract: "Training, certification and skills competitions for labour-relations coordinators.",
        discussion: """
            One SQLite file holds everything (--db, env CONCORD_DB, default ./concord.sqlite).
            Start with 'concord init', or 'concord demo' for a tour on synthetic data.
            """,
        subcommands: [
            Init.self, Demo.self, Audit.self, Generate.self, Bench.self,
            InstitutionCommand.self, EmployerCommand.self, PersonCommand.self,
            PlaceCommand.self, CoordinatorCommand.self, CoverageCommand.self, ContactCommand.self,
            CourseCommand.self, EnrollCommand.self, AttendCommand.self, LeaveCommand.self,
            KeysCommand.self, AssessCommand.self, CertCommand.self, VerifyCommand.self,
            ContestCommand.self,
            InsuranceCommand.self, SubsidyCommand.self,
        ]
    )

    public init() {}
}
