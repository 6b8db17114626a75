import CSV
import Foundation
import Model

/// A CSV input file read whole: its header and its records, each with the line it starts on.
///
/// Parsing (RFC 4180 quoting) is done by CSV.swift; this type adds what every Concord import needs:
/// encoding detection, header-named columns, and line numbers for error reports.
public struct CSVDocument: Sendable {
    /// The file name used in error messages.
    public let source: String
    /// The encoding the file was written in.
    public let encoding: TextDecoding.Encoding
    /// The column names, trimmed.
    public let header: [String]
    /// The records after the header.
    public let rows: [CSVRecord]

    /// Reads `path` and checks that the header names every `required` column.
    public init(path: String, required: [String]) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConcordError("cannot read the file", at: path)
        }
        try self.init(data: data, source: path, required: required)
    }

    /// Parses `data` (for tests and for inputs that are not files).
    public init(data: Data, source: String, required: [String]) throws {
        let (text, encoding) = try TextDecoding.decode(data, source: source)
        self.source = source
        self.encoding = encoding
        guard !text.trimmingSpaces().isEmpty else {
            throw ConcordError("the file is empty", at: source)
        }
        let reader = try CSVReader(string: text, hasHeaderRow: false)
        guard let head = reader.next() else {
            throw ConcordError("the file is empty", at: source)
        }
        let header = head.map { $0.trimmingSpaces() }
        self.header = header
        let missing = required.filter { !header.contains($0) }
        guard missing.isEmpty else {
            throw ConcordError(
                "the header lacks the column\(missing.count > 1 ? "s" : "") "
                    + missing.map { "'\($0)'" }.joined(separator: ", "),
                at: "\(source) line 1")
        }
        var duplicate = Set<String>()
        for name in header where !name.isEmpty {
            guard duplicate.insert(name).inserted else {
                throw ConcordError("the header names the column '\(name)' twice", at: "\(source) line 1")
            }
        }
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() { index[name] = i }
        var line = 1 + Self.newlines(in: head)
        var rows: [CSVRecord] = []
        while let fields = reader.next() {
            line += 1
            let start = line
            line += Self.newlines(in: fields)
            if fields.count == 1 && fields[0].trimmingSpaces().isEmpty { continue }  // blank line
            rows.append(CSVRecord(line: start, fields: fields, columns: index, width: header.count))
        }
        if let error = reader.error {
            throw ConcordError("the file is not valid CSV: \(error)", at: "\(source) line \(line)")
        }
        guard !rows.isEmpty else {
            throw ConcordError("the file has a header but no rows", at: source)
        }
        self.rows = rows
    }

    private static func newlines(in fields: [String]) -> Int {
        // Counting LF bytes counts CRLF once too, without building characters.
        fields.reduce(0) { n, f in n + f.utf8.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 } }
    }
}

/// One record of a CSV file.
public struct CSVRecord: Sendable {
    /// The line the record starts on (the header is line 1).
    public let line: Int
    /// The raw fields.
    public let fields: [String]
    let columns: [String: Int]
    let width: Int

    /// The trimmed value of `column`, or nil when the column is absent or the cell is empty.
    public subscript(column: String) -> String? {
        guard let i = columns[column], i < fields.count else { return nil }
        let v = fields[i].trimmingSpaces()
        return v.isEmpty ? nil : v
    }

    /// The value of a required column; throws "column 'x' is empty".
    public func required(_ column: String) throws -> String {
        guard let v = self[column] else { throw ConcordError("column '\(column)' is empty") }
        return v
    }

    /// Throws when the record has more or fewer fields than the header.
    public func checkWidth() throws {
        if fields.count > width {
            throw ConcordError("\(fields.count) fields where the header has \(width)")
        }
        if fields.count < width {
            throw ConcordError("\(fields.count) fields where the header has \(width)")
        }
    }
}
