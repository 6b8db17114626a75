import ArgumentParser
import Foundation
import Model
import Storage
import Subsidy

/// `external add|list`: certificates issued elsewhere, found in the national or provincial registry.
/// `concord cert external add|list`.
struct ExternalCertificateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "external", abstract: "Certificates issued elsewhere (for the skill-upgrade subsidy).",
        subcommands: [Add.self, List.self])

    struct Add: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "Record a certificate issued elsewhere.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The holder's resident identity number.") var person: String
        @Option(help: "The certificate number.") var number: String
        @Option(name: .customLong("occupation-code"), help: "Occupation code, e.g. 4-07-03-02.")
        var occupationCode = HeldCertificate.coordinatorCode
        @Option(name: .customLong("occupation-name"), help: "Occupation name, e.g. 劳动关系协调员.")
        var occupationName = HeldCertificate.coordinatorName
        @Option(help: "Level 1–5 (or 四级, 三级 …).") var level: String
        @Option(help: "Issue date (YYYY-MM-DD).") var issued: String
        @Option(help: "The issuing body.") var issuer: String
        @Option(name: .customLong("registry-ref"), help: "Where the registry lists it (reference or URL).")
        var registryRef = ""

        func run(_ context: CommandContext) async throws {
            let input = try Parse.option("--number") {
                try ExternalCertificateInput(
                    person: try Parse.option("--person") { try ResidentID(person) }, number: number,
                    occupationCode: occupationCode, occupationName: occupationName,
                    level: try Parse.option("--level") { try SkillLevel(level) },
                    issuedOn: try Parse.option("--issued") { try Day(issued) }, issuer: issuer,
                    registryRef: registryRef)
            }
            let record = try context.store.addExternalCertificate(input)
            if context.json { return try context.printJSON(record) }
            print("external certificate \(record.number) recorded: \(record.occupationName) level \(record.level), "
                + "issued \(record.issuedOn)")
        }
    }

    struct List: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "List external certificates.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this person's (resident identity number).") var person: String?

        func run(_ context: CommandContext) async throws {
            let all = try context.store.externalCertificates(
                person: try Parse.option("--person", person, ResidentID.init))
            if context.json { return try context.printJSON(all) }
            Output.printTable(
                ["number", "name", "id", "occupation", "level", "issued", "issuer"],
                all.map {
                    [$0.number, $0.name, $0.idMasked, "\($0.occupationCode) \($0.occupationName)",
                     String($0.level.rawValue), $0.issuedOn, $0.issuer]
                })
        }
    }
}

