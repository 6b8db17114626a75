import Foundation
import Testing

/// `concord serve` as an operator runs it: the built binary on a free port, checked with the stock `curl`.
@Suite struct ServeCLITests {
    /// Starts `concord serve --port 0` and returns the process and the port it printed.
    func start(_ cli: CLI) throws -> (Process, Int) {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["serve", "--port", "0", "--log-level", "warning"]
        process.environment = cli.env
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // The first line on standard error is "concord verifier listening on http://127.0.0.1:PORT".
        var buffer = Data()
        while !buffer.contains(UInt8(ascii: "\n")) {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
        }
        let line = String(decoding: buffer, as: UTF8.self)
        let port = Int(line.split(separator: ":").last?.prefix(while: { $0.isNumber }) ?? "") ?? 0
        return (process, port)
    }

    func curl(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s"] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func servesTheDatabaseReadOnlyAndStopsOnSIGTERM() throws {
        let cli = try CLI()
        try cli.run("init")
        try cli.run("institution", "add", "--code", "EV", "--name", "浙江省评价中心", "--kind", "evaluation")
        try cli.run("cert", "body", "set", "--institution", "EV", "--type", "S", "--body-code", "0000",
                    "--site", "000001")
        try cli.run("person", "add", "--name", "张三丰", "--id", "360426199101010071", "--education", "bachelor",
                    "--major", "法学", "--related-work-since", "2015-01-01")
        try cli.run("assess", "record", "--person", "360426199101010071", "--level", "4", "--body", "EV",
                    "--date", "2025-03-01", "--theory", "75", "--skills", "80")
        try cli.run("cert", "issue", "--person", "360426199101010071", "--level", "4", "--date", "2025-04-01")
        let code = try cli.sqlite("SELECT code FROM certificate")
        let before = try cli.sqlite("SELECT count(*) FROM audit_log")

        let (server, port) = try start(cli)
        defer { if server.isRunning { server.terminate() } }
        #expect(port > 0)
        let base = "http://127.0.0.1:\(port)"
        #expect(try curl([base + "/healthz"]) == "ok")
        let answer = try curl([base + "/api/v1/verify/" + code])
        #expect(answer.contains(#""status":"valid""#))
        #expect(answer.contains(#""holderName":"张*丰""#))
        #expect(!answer.contains("张三丰") && !answer.contains("360426199101010071"))
        #expect(try curl(["-o", "/dev/null", "-w", "%{http_code}", base + "/api/v1/verify/0000-0000"]) == "400")
        #expect(try curl([base + "/.well-known/jwks.json"]).contains(#""kty":"OKP""#))

        server.terminate()  // SIGTERM: a graceful stop
        server.waitUntilExit()
        #expect(server.terminationReason == .exit)
        #expect(try cli.sqlite("SELECT count(*) FROM audit_log") == before)
    }
}
