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
            Init.self, Demo.self,
            InstitutionCommand.self, EmployerCommand.self, PersonCommand.self,
            CourseCommand.self, EnrollCommand.self, AttendCommand.self, LeaveCommand.self,
            AssessCommand.self, CertCommand.self, KeysCommand.self, VerifyCommand.self, Serve.self,
            InsuranceCommand.self, SubsidyCommand.self,
            ContestCommand.self,
            PlaceCommand.self, CoordinatorCommand.self, CoverageCommand.self, ContactCommand.self,
            Audit.self, DoctorCommand.self, BackupCommand.self, Generate.self, Bench.self,
        ]
    )

    public init() {}
}
