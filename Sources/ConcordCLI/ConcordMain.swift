import ArgumentParser
import Foundation
import Model
import Verifier

/// The entry point of the `concord` executable: parses, runs, and turns every error into one `error:` line.
public enum ConcordMain {
    /// Settings that must be made on the main thread before any task starts: `concord serve` runs its request
    /// handlers on NIO's event loops (`ServerRuntime`).
    public static func prepare(arguments: [String] = Array(CommandLine.arguments.dropFirst())) {
        if hoistGlobalOptions(arguments).first == "serve" {
            ServerRuntime.runHandlersOnEventLoops()
        }
    }

    /// Runs the command line `arguments` (default: the process's) and exits with its status.
    public static func run(arguments: [String]? = nil) async -> Never {
        let status = await execute(arguments: arguments)
        exit(status)
    }

    /// Runs the command line and returns the exit status instead of exiting.
    public static func execute(arguments: [String]? = nil) async -> Int32 {
        do {
            let arguments = hoistGlobalOptions(arguments ?? Array(CommandLine.arguments.dropFirst()))
            var command = try Concord.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch {
            return report(error)
        }
    }

    /// Moves global options written before the subcommand (`concord --db x.sqlite person list`) to the end,
    /// where every subcommand's `GlobalOptions` group reads them.
    static func hoistGlobalOptions(_ arguments: [String]) -> [String] {
        var rest = arguments[...]
        var hoisted: [String] = []
        while let first = rest.first {
            if first == "--json" {
                hoisted.append(first)
                rest = rest.dropFirst()
            } else if ["--db", "--keys", "--actor"].contains(first), rest.count >= 2 {
                hoisted.append(contentsOf: rest.prefix(2))
                rest = rest.dropFirst(2)
            } else if ["--db=", "--keys=", "--actor="].contains(where: { first.hasPrefix($0) }) {
                hoisted.append(first)
                rest = rest.dropFirst()
            } else {
                break
            }
        }
        guard !hoisted.isEmpty else { return arguments }
        if let terminator = rest.firstIndex(of: "--") {
            return Array(rest[..<terminator]) + hoisted + Array(rest[terminator...])
        }
        return Array(rest) + hoisted
    }

    /// Prints `error` the Concord way and returns the exit status for it.
    static func report(_ error: any Error) -> Int32 {
        switch error {
        case let error as ConcordError:
            for line in error.details { printError(line) }
            printError("error: \(error.description.singleLine)")
            return 1
        case let error as CocoaError:
            printError("error: \(error.localizedDescription.singleLine)")
            return 1
        default:
            let code = Concord.exitCode(for: error)
            if code == .success {
                print(Concord.fullMessage(for: error))
                return 0
            }
            let message = Concord.message(for: error).singleLine
            if message.isEmpty { return code.rawValue }
            printError("error: \(message) (see 'concord --help')")
            return code.rawValue
        }
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

extension String {
    /// The text on one line: newlines become spaces, runs of spaces collapse.
    var singleLine: String {
        split(whereSeparator: { $0.isNewline }).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }
}
