import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Model
import Storage
import Verifier

extension Concord {
    /// `concord serve`: the public HTTP verifier over a read-only database.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the public certificate verifier (read-only; Ctrl-C or SIGTERM stops it gracefully).")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Address to listen on.") var host = "127.0.0.1"
        @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
        @Option(help: "Requests per second each client may make on average.") var rate = 20.0
        @Option(help: "Requests each client may make at once.") var burst = 40.0
        @Flag(name: .customLong("trust-proxy"), help: "Rate-limit by X-Forwarded-For (only behind your own proxy).")
        var trustProxy = false
        @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
        var logLevel = "info"

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be 0–65535") }
            guard rate > 0, burst >= 1 else { throw ValidationError("--rate must be > 0 and --burst ≥ 1") }
            guard Logger.Level(rawValue: logLevel) != nil else {
                throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
            }
        }

        func run() async throws {
            let settings = VerifierSettings(
                host: host, port: port, rate: rate, burst: burst, trustForwardedFor: trustProxy,
                logLevel: Logger.Level(rawValue: logLevel) ?? .info)
            try await Serving.run(databasePath: global.databasePath, settings: settings) { port in
                FileHandle.standardError.write(Data("concord verifier listening on http://\(host):\(port)\n".utf8))
            }
        }
    }
}

/// The verifier's settings from the command line.
struct VerifierSettings: VerifierArguments {
    var host: String
    var port: Int
    var rate: Double
    var burst: Double
    var trustForwardedFor: Bool
    var logLevel: Logger.Level
}

/// Running the verifier over a database file (`concord serve`, and the end of `concord demo`).
enum Serving {
    static func run(
        databasePath: String, settings: VerifierSettings, onRunning: @escaping @Sendable (Int) async -> Void
    ) async throws {
        let store = try Store(path: databasePath, actor: "verifier", mode: .readOnly)
        let app = try buildApplication(
            settings, service: StoreVerificationService(store: store), onServerRunning: onRunning)
        do {
            try await app.runService()
        } catch where "\(error)".contains("Address already in use") {
            throw ConcordError("the address is already in use", at: "\(settings.host):\(settings.port)")
        }
    }
}
