import ArgumentParser
import Foundation
import Model
import Storage

/// What every command runs with: the open store and the output settings (SwiftPM's `AsyncSwiftCommand`
/// pattern: one place opens the database for every command).
public struct CommandContext: Sendable {
    public let options: GlobalOptions
    public let store: Store

    /// Opens the database named by `options` (it must exist unless `mode` is `.create`).
    public init(options: GlobalOptions, mode: Store.Mode = .existing) throws {
        self.options = options
        store = try Store(path: options.databasePath, actor: options.actorName, mode: mode)
    }

    /// Whether output should be JSON.
    public var json: Bool { options.json }

    /// Prints `value` as JSON (sorted keys, pretty).
    public func printJSON(_ value: some Encodable) throws {
        try Output.printJSON(value)
    }
}

/// A command that runs against the database: conformers implement `run(_:)`.
public protocol StoreCommand: AsyncParsableCommand {
    /// The shared options.
    var global: GlobalOptions { get }
    /// How the database is opened (default: it must exist).
    static var openMode: Store.Mode { get }
    /// The work of the command.
    func run(_ context: CommandContext) async throws
}

extension StoreCommand {
    public static var openMode: Store.Mode { .existing }

    public func run() async throws {
        let context = try CommandContext(options: global, mode: Self.openMode)
        try await run(context)
    }
}

/// Printing helpers: aligned tables for people, JSON for scripts.
public enum Output {
    /// Prints `value` as JSON with sorted keys.
    public static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Prints rows under `headers`, each column as wide as its widest cell (CJK characters count two).
    public static func printTable(_ headers: [String], _ rows: [[String]]) {
        print(table(headers, rows), terminator: "")
    }

    /// The text of an aligned table.
    public static func table(_ headers: [String], _ rows: [[String]]) -> String {
        var widths = headers.map(displayWidth)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], displayWidth(cell))
            }
        }
        func line(_ cells: [String]) -> String {
            var out = ""
            for (i, cell) in cells.enumerated() {
                let last = i == cells.count - 1
                out += cell
                if !last { out += String(repeating: " ", count: widths[i] - displayWidth(cell) + 2) }
            }
            return out + "\n"
        }
        var text = line(headers)
        text += line(widths.map { String(repeating: "-", count: $0) })
        for row in rows { text += line(row) }
        return text
    }

    /// Columns a string takes in a terminal: East Asian wide characters take two.
    public static func displayWidth(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { width, scalar in
            let v = scalar.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
            return width + (wide ? 2 : 1)
        }
    }
}
