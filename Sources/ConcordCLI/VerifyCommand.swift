import ArgumentParser
import Certification
import Model
import Storage

/// `concord verify CODE` and `concord verify --token TOKEN`.
struct VerifyCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a certificate by its short code or its signed token.",
        discussion: """
            Prints one of: valid, revoked, unknown, tampered, malformed, bad-signature, unknown-key. \
            The exit status is 0 only for valid.
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The short code, XXXX-XXXX-XXXX-XXXX-C (case, spaces and hyphens ignored).")
    var code: [String] = []
    @Option(help: "A JWS token from a certificate's QR code instead of a code.") var token: String?

    func validate() throws {
        guard code.isEmpty != (token == nil) else { throw ValidationError("give a code or --token, not both") }
    }

    func run(_ context: CommandContext) async throws {
        let result = try token.map { try context.store.verify(token: $0) }
            ?? context.store.verify(code: code.joined(separator: " "))
        if context.json {
            try context.printJSON(result)
        } else {
            print(result.outcome.rawValue + ": " + result.detail)
            if let c = result.certificate {
                Output.printTable(
                    ["number", "holder", "ID", "level", "issued", "body", "code"],
                    [[c.number, c.holderName, c.idMasked, c.levelLabel, c.issuedOn, c.body, c.code]])
            }
            if let on = result.revokedOn { print("revoked on \(on), reason: \(result.revokedReason ?? "")") }
        }
        if result.outcome != .valid { throw ExitCode(2) }
    }
}
