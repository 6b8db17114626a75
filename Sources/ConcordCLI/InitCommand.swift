import ArgumentParser
import Certification
import Signing
import Storage

extension Concord {
    /// `concord init`: creates (or migrates) the database.
    struct Init: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an empty database (and bring an existing one to the current schema).")
        static var openMode: Store.Mode { .create }

        @OptionGroup var global: GlobalOptions

        func run(_ context: CommandContext) async throws {
            try await InitHooks.run(context)
            if context.json {
                try context.printJSON(["database": context.store.path])
            } else {
                print("database ready: \(context.store.path)")
            }
        }
    }
}

/// Work other modules add to `concord init` (the signing key arrives with certification).
enum InitHooks {
    static func run(_ context: CommandContext) async throws {
        let keys = KeyDirectory(path: context.options.keysPath)
        if let key = try context.store.ensureSigningKey(in: keys), !context.json {
            print("signing key \(key.kid) created: \(keys.file(kid: key.kid))")
        }
    }
}
