import ArgumentParser
import Certification
import Foundation
import Model
import Signing
import Storage

/// `concord keys list|generate|rotate|jwks`.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Ed25519 signing keys for certificates (private keys in --keys).",
        subcommands: [List.self, Generate.self, Rotate.self, JWKS.self])

    struct List: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "List signing keys with their dates.")
        @OptionGroup var global: GlobalOptions

        func run(_ context: CommandContext) async throws {
            let keys = try context.store.signingKeys()
            if context.json { return try context.printJSON(keys) }
            let folder = KeyDirectory(path: context.options.keysPath)
            Output.printTable(
                ["kid", "state", "created", "retired", "private key file"],
                keys.map {
                    [$0.kid, $0.active ? "active" : "retired", $0.createdAt, $0.retiredAt ?? "",
                     FileManager.default.fileExists(atPath: folder.file(kid: $0.kid)) ? folder.file(kid: $0.kid)
                        : "(not in this keys folder)"]
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
