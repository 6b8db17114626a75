import ArgumentParser
import Certification
import Foundation
import Model
import Signing
import Storage

/// `concord keys list|generate|rotate|compromise|jwks`.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Ed25519 signing keys for certificates (private keys in --keys).",
        subcommands: [List.self, Generate.self, Rotate.self, Compromise.self, JWKS.self])

    struct List: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "List signing keys with their dates.")
        @OptionGroup var global: GlobalOptions

        func run(_ context: CommandContext) async throws {
            let keys = try context.store.signingKeys()
            let compromised = Dictionary(
                uniqueKeysWithValues: try context.store.keyCompromises().map { ($0.kid, $0.since) })
            if context.json { return try context.printJSON(keys) }
            let folder = KeyDirectory(path: context.options.keysPath)
            Output.printTable(
                ["kid", "state", "created", "retired", "private key file"],
                keys.map { key in
                    let state = compromised[key.kid].map { "compromised since \($0)" }
                        ?? (key.active ? "active" : "retired")
                    let file = folder.file(kid: key.kid)
                    return [key.kid, state, key.createdAt, key.retiredAt ?? "",
                            FileManager.default.fileExists(atPath: file) ? file : "(not in this keys folder)"]
                })
        }
    }

    struct Generate: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the first signing key (when no key is active).")
        @OptionGroup var global: GlobalOptions

        func run(_ context: CommandContext) async throws {
            let folder = KeyDirectory(path: context.options.keysPath)
            let key = try context.store.generateFirstKey(in: folder)
            if context.json { return try context.printJSON(key) }
            print("signing key \(key.kid) created and active: \(folder.file(kid: key.kid))")
        }
    }

    struct Rotate: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a new active key; the old one is retired but still verifies.")
        @OptionGroup var global: GlobalOptions

        func run(_ context: CommandContext) async throws {
            let folder = KeyDirectory(path: context.options.keysPath)
            let (retired, active) = try context.store.rotateKey(in: folder)
            if context.json { return try context.printJSON(["active": active.kid, "retired": retired?.kid ?? ""]) }
            if let retired { print("key \(retired.kid) retired (still verifies)") }
            print("key \(active.kid) active: \(folder.file(kid: active.kid))")
        }
    }

    struct Compromise: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that a key leaked: what it signed from --since on verifies as revoked.",
            discussion: """
                Certificates the key signed at or after --since (or issued on or after that day) verify as \
                revoked, reason key-compromise; earlier ones stay valid online. The key leaves the JWKS. \
                When the key is active, a new active key is made. This cannot be undone.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The leaked key's id.") var kid: String
        @Option(help: "When it may have leaked: YYYY-MM-DD (midnight Shanghai) or ISO 8601 with a zone.")
        var since: String
        @Option(help: "What happened (kept in the audit log).") var note = "private key reported compromised"

        func run(_ context: CommandContext) async throws {
            let folder = KeyDirectory(path: context.options.keysPath)
            let (compromise, replacement) = try context.store.compromiseKey(
                kid: kid, since: since, note: note, keys: folder)
            if context.json {
                return try context.printJSON(["kid": compromise.kid, "since": compromise.since,
                                              "replacement": replacement?.kid ?? ""])
            }
            print("key \(compromise.kid) recorded as compromised since \(compromise.since); it left the JWKS")
            if let replacement { print("key \(replacement.kid) active: \(folder.file(kid: replacement.kid))") }
        }
    }

    struct JWKS: StoreCommand {
        static let configuration = CommandConfiguration(
            commandName: "jwks", abstract: "Print the public keys as a JWKS (RFC 7517), for offline checks.")
        @OptionGroup var global: GlobalOptions

        func run(_ context: CommandContext) async throws {
            let set = try context.store.jwks()
            if context.json { return try context.printJSON(set) }
            print(set.json)
        }
    }
}
