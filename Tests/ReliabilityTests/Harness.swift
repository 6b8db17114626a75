import Foundation
import Model
import Testing

/// Runs the built `concord` binary in a temporary folder (the `CLI` pattern of Tests/CLITests), and starts
/// children that a test may kill.
final class Bench {
    let dir: URL
    var env: [String: String]

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("concord-rel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        env = ProcessInfo.processInfo.environment
        env["CONCORD_DB"] = dir.appendingPathComponent("concord.sqlite").path
        env["CONCORD_ACTOR"] = "reliability"
        env["CONCORD_KEYS"] = dir.appendingPathComponent("keys").path
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    /// The database file the commands use.
    var database: String { env["CONCORD_DB"] ?? "" }
    /// The keys folder the commands use.
    var keys: String { env["CONCORD_KEYS"] ?? "" }

    /// A path inside the folder.
    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    /// Writes `text` to a file in the folder and returns its path.
    func file(_ name: String, _ text: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `concord` with `arguments` and waits for it.
    @discardableResult
    func run(_ arguments: String...) throws -> Result { try run(arguments) }

    @discardableResult
    func run(_ arguments: [String]) throws -> Result {
        let child = try start(arguments)
        return child.wait()
    }

    /// A started `concord` process whose output is collected into files (so many may run at once).
    final class Child {
        let process: Process
        let out: URL
        let err: URL

        init(process: Process, out: URL, err: URL) {
            self.process = process
            self.out = out
            self.err = err
        }

        /// Waits for the process and returns what it printed.
        func wait() -> Result {
            process.waitUntilExit()
            let stdout = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
            let stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
            return Result(status: process.terminationStatus, stdout: stdout, stderr: stderr)
        }
    }

    /// Starts `concord` with `arguments` without waiting.
    func start(_ arguments: [String]) throws -> Child {
        let process = Process()
        process.executableURL = Bench.binary
        process.arguments = arguments
        process.environment = env
        process.currentDirectoryURL = dir
        let id = UUID().uuidString
        let out = dir.appendingPathComponent("out-\(id)"), err = dir.appendingPathComponent("err-\(id)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Child(process: process, out: out, err: err)
    }

    /// The built `concord` executable: `$CONCORD_BIN`, or beside the test bundle in the build folder.
    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["CONCORD_BIN"] { return URL(fileURLWithPath: path) }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("concord")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/concord")
    }()
}

/// A seeded SplitMix64: the same seed gives the same cases on every machine.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A valid resident identity number, distinct for each `sequence` below 365 000.
func residentID(_ sequence: Int) -> String {
    let day = Day(daysSinceEpoch: Day.epoch.daysSinceEpoch + 3650 + sequence / 1000)
    let birth = String(format: "%04d%02d%02d", day.year, day.month, day.day)
    let body = "330106" + birth + String(format: "%03d", sequence % 1000)
    return body + String(ResidentID.checkCharacter(body.compactMap { Int(String($0)) }))
}
