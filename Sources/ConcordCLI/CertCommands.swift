import ArgumentParser
import Catalog
import Certification
import Foundation
import Model
import Signing
import Storage

/// `concord cert issue|show|list|revoke|reinstate|render|body`.
struct CertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cert", abstract: "Signed level-4/level-3 certificates: issue, read, revoke, render.",
        subcommands: [
            Issue.self, Show.self, List.self, Revoke.self, Reinstate.self, Render.self, Body.self,
            ExternalCertificateCommand.self,
        ])

    struct Issue: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue one certificate, or every passed and not yet certified pair (--all-passed).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Resident identity number.") var person: String?
        @Option(help: "Level: 4 or 3.") var level: String?
        @Flag(name: .customLong("all-passed"), help: "Issue to everyone passed, eligible and not yet certified.")
        var allPassed = false
        @Option(help: "With --all-passed: only passes completed at this body (institution code).") var body: String?
        @Option(help: "Issue date (YYYY-MM-DD, default today).") var date: String?

        func validate() throws {
            if allPassed {
                guard person == nil, level == nil else {
                    throw ValidationError("--all-passed issues to everyone; drop --person and --level")
                }
            } else {
                guard person != nil, level != nil else {
                    throw ValidationError("give --person and --level, or --all-passed")
                }
                guard body == nil else { throw ValidationError("--body goes with --all-passed") }
            }
        }

        func run(_ context: CommandContext) async throws {
            let keys = KeyDirectory(path: context.options.keysPath)
            let day = try Parse.option("--date", date, Day.init) ?? Day.today()
            if allPassed {
                let summary = try context.store.issueAllPassed(body: body, keys: keys, on: day)
                if context.json { return try context.printJSON(summary) }
                for line in summary.refused { print("refused: \(line)") }
                print("issued \(summary.issued.count) certificates; \(summary.refused.count) refused, "
                    + "\(summary.notPassed) not passed yet")
                return
            }
            let rid = try Parse.option("--person", person, ResidentID.init)
            let level = try Parse.option("--level", level, SkillLevel.init)
            guard let rid, let level else { return }
            let certificate = try context.store.issueCertificate(person: rid, level: level, keys: keys, on: day)
            if context.json { return try context.printJSON(CertificateView(certificate)) }
            print("certificate \(certificate.number) issued, code \(certificate.code)")
        }
    }

    struct Show: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "Show one certificate by number or code.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Certificate number or short code.") var id: String

        func run(_ context: CommandContext) async throws {
            let view = CertificateView(try context.store.certificate(id))
            if context.json { return try context.printJSON(view) }
            let fields: [(String, String)] = [
                ("number", view.number), ("holder", view.holderName), ("ID", view.idMasked),
                ("occupation", "\(Certificate.occupationName) \(view.occupation)"),
                ("level", (SkillLevel(rawValue: view.level)?.label ?? String(view.level))),
                ("issued on", view.issuedOn), ("body", view.body), ("code", view.code), ("kid", view.kid),
                ("status", view.status + (view.revokedOn.map { " since \($0) (\(view.revokedReason ?? ""))" } ?? "")),
                ("token", view.token),
            ]
            for (k, v) in fields { print(k.padding(toLength: 12, withPad: " ", startingAt: 0) + v) }
        }
    }

    struct List: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "List certificates, newest first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this body's (institution code).") var body: String?
        @Option(help: "Only this level (4 or 3).") var level: String?

        func run(_ context: CommandContext) async throws {
            let level = try Parse.option("--level", level, SkillLevel.init)
            let all = try context.store.certificates(body: body, level: level).map(CertificateView.init)
            if context.json { return try context.printJSON(all) }
            CertCommand.printTable(all)
        }
    }

    /// The certificates table (also printed by the demo).
    static func printTable(_ views: [CertificateView]) {
        Output.printTable(
            ["number", "holder", "ID", "level", "issued", "code", "status"],
            views.map {
                [$0.number, $0.holderName, $0.idMasked, String($0.level), $0.issuedOn, $0.code, $0.status]
            })
    }

    struct Revoke: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a certificate; it then verifies as revoked (never valid, never unknown).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Certificate number or short code.") var id: String
        @Option(help: "fraud, error, duplicate or other (key-compromise: see 'keys compromise').") var reason: String
        @Option(help: "What happened (kept in the history and the audit log).") var note: String
        @Option(help: "Day of revocation (default today).") var date: String?

        func run(_ context: CommandContext) async throws {
            let reason = try Parse.option("--reason") { try RevocationReason(self.reason) }
            let day = try Parse.option("--date", date, Day.init) ?? Day.today()
            let certificate = try context.store.revokeCertificate(id, reason: reason, note: note, on: day)
            if context.json { return try context.printJSON(CertificateView(certificate)) }
            print("certificate \(certificate.number) revoked (\(reason.rawValue)) on \(day)")
        }
    }

    struct Reinstate: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "Reinstate a revoked certificate (audited).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Certificate number or short code.") var id: String
        @Option(help: "Why the revocation is undone.") var reason: String

        func run(_ context: CommandContext) async throws {
            let certificate = try context.store.reinstateCertificate(id, reason: reason)
            if context.json { return try context.printJSON(CertificateView(certificate)) }
            print("certificate \(certificate.number) reinstated")
        }
    }

    struct Render: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a printable A4-landscape HTML certificate with its QR code.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Certificate number or short code.") var id: String
        @Option(help: "The HTML file to write.") var out: String
        @Option(help: "Verifier base URL (env CONCORD_VERIFY_URL, default http://127.0.0.1:8080).") var base: String?
        @Flag(help: "Print the holder's full identity number instead of the masked one.") var reveal = false

        func run(_ context: CommandContext) async throws {
            let base = base ?? ProcessInfo.processInfo.environment["CONCORD_VERIFY_URL"] ?? "http://127.0.0.1:8080"
            let html = try context.store.renderCertificate(id, base: base, reveal: reveal)
            do {
                try Data(html.utf8).write(to: URL(fileURLWithPath: out))
            } catch {
                throw ConcordError("cannot write the file: \(error.localizedDescription)", at: out)
            }
            if context.json { return try context.printJSON(["file": out]) }
            print("certificate written to \(out)")
        }
    }

    struct Body: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluation bodies' certificate-number settings.", subcommands: [SetBody.self, List.self])

        struct SetBody: StoreCommand {
            static let configuration = CommandConfiguration(
                commandName: "set",
                abstract: "Set an evaluation institution's type, ministry body code and site sequence.")
            @OptionGroup var global: GlobalOptions
            @Option(help: "Institution code (kind evaluation or both).") var institution: String
            @Option(help: "S (social evaluation body) or Y (employer body).") var type: String
            @Option(name: .customLong("body-code"), help: "Four digits from the ministry, 0000 if provincial.")
            var bodyCode = "0000"
            @Option(help: "Six-digit body/site sequence.") var site: String
            @Option(help: "Two-digit province code.") var province = "33"

            func run(_ context: CommandContext) async throws {
                let body = try context.store.setEvaluationBody(
                    institution: institution, type: type, bodyCode: bodyCode, site: site, province: province)
                if context.json { return try context.printJSON(body) }
                print("evaluation body \(institution): \(body.bodyType)\(body.bodyCode)\(body.province)\(body.site)")
            }
        }

        struct List: StoreCommand {
            static let configuration = CommandConfiguration(abstract: "List evaluation bodies' settings.")
            @OptionGroup var global: GlobalOptions

            func run(_ context: CommandContext) async throws {
                let all = try context.store.evaluationBodies()
                if context.json { return try context.printJSON(all) }
                Output.printTable(
                    ["institution", "name", "type", "body code", "province", "site"],
                    all.map { [$0.institution, $0.name, $0.bodyType, $0.bodyCode, $0.province, $0.site] })
            }
        }
    }
}
