import CSV
import Dispatch
import Foundation
import Model
import Synchronization

/// A CSV input file read whole: its header and its records, each with the line it starts on.
///
/// Parsing (RFC 4180 quoting) is done by CSV.swift; this type adds what every Concord import needs:
/// encoding detection, header-named columns, and line numbers for error reports. A large file is cut at
/// record boundaries (`CSVChunks`) and the pieces are parsed on every core, one `CSVReader` each.
public struct CSVDocument: Sendable {
    /// The file name used in error messages.
    public let source: String
    /// The encoding the file was written in.
    public let encoding: TextDecoding.Encoding
    /// The column names, trimmed.
    public let header: [String]
    /// The records after the header; empty for a document read with `.whileReading`, whose records only
    /// `concurrentMapRows` hands out.
    public let rows: [CSVRecord]
    /// The text left to parse, for a document read with `.whileReading`.
    private let pending: Pending?
    /// About how many records the document has (exact when it was parsed at once).
    public let rowCountEstimate: Int

    /// When the records are parsed.
    public enum Parsing: Sendable {
        /// All of them when the document is read (errors in the CSV are thrown by the initializer).
        case atOnce
        /// Piece by piece inside `concurrentMapRows`, on the other cores while the caller consumes the pieces
        /// parsed before (an import parses while it writes); errors in the CSV are thrown from there, when the
        /// caller reaches the piece that has one.
        case whileReading
    }

    /// Text cut into pieces at record boundaries, not parsed yet.
    private struct Pending: Sendable {
        let bytes: [UInt8]
        let pieces: [Range<Int>]
        /// The line the first record starts on.
        let firstLine: Int
        let columns: [String: Int]
    }

    /// Bytes of text per piece parsed on its own; small files are parsed in one piece.
    package static let defaultChunkBytes = 256 * 1024

    /// Reads `path` and checks that the header names every `required` column.
    public init(path: String, required: [String], parsing: Parsing = .atOnce) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConcordError("cannot read the file", at: path)
        }
        try self.init(
            data: data, source: path, required: required, chunkBytes: Self.defaultChunkBytes, parsing: parsing)
    }

    /// Parses `data` (for tests and for inputs that are not files).
    public init(data: Data, source: String, required: [String]) throws {
        try self.init(data: data, source: source, required: required, chunkBytes: Self.defaultChunkBytes)
    }

    /// Parses `data` in pieces of about `chunkBytes` bytes (tests use tiny pieces to prove the cuts exact).
    package init(
        data: Data, source: String, required: [String], chunkBytes: Int, parsing: Parsing = .atOnce
    ) throws {
        let (text, encoding) = try TextDecoding.decode(data, source: source)
        self.source = source
        self.encoding = encoding
        guard !text.allSatisfy(\.isWhitespace) else {  // stops at the first visible character
            throw ConcordError("the file is empty", at: source)
        }
        let bytes = Array(text.utf8)
        let headerEnd = CSVChunks.cuts(in: bytes, from: 0, every: 1, limit: 1).first ?? bytes.count
        let headerText = String(decoding: bytes[..<headerEnd], as: UTF8.self)
        let reader = try CSVReader(string: headerText, hasHeaderRow: false)
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
        let cuts = CSVChunks.cuts(in: bytes, from: headerEnd, every: max(chunkBytes, 1))
        let bounds = [headerEnd] + cuts + [bytes.count]
        let pieces = (0..<bounds.count - 1).map { bounds[$0]..<bounds[$0 + 1] }
        let firstLine = 1 + Self.newlines(in: head)
        if parsing == .whileReading {
            // A file with nothing but blank space after the header has no rows, whatever the parse says.
            guard bytes[headerEnd...].contains(where: { !($0 == 0x20 || (0x09...0x0D).contains($0)) }) else {
                throw ConcordError("the file has a header but no rows", at: source)
            }
            pending = Pending(bytes: bytes, pieces: pieces, firstLine: firstLine, columns: index)
            rows = []
            rowCountEstimate = bytes.withUnsafeBufferPointer { all in
                var count = 0
                for byte in all[headerEnd...] where byte == 0x0A { count += 1 }
                return count
            }
            return
        }
        pending = nil
        let parsed = CSVChunks.concurrentMap(pieces) { range in
            CSVChunks.parse(String(decoding: bytes[range], as: UTF8.self))
        }
        var line = firstLine
        var rows: [CSVRecord] = []
        rows.reserveCapacity(parsed.reduce(0) { $0 + $1.records.count })
        for piece in parsed {
            for (offset, fields) in piece.records {
                rows.append(CSVRecord(line: line + offset, fields: fields, columns: index, width: header.count))
            }
            line += piece.lines
            if let error = piece.error {
                throw ConcordError("the file is not valid CSV: \(error)", at: "\(source) line \(line)")
            }
        }
        guard !rows.isEmpty else {
            throw ConcordError("the file has a header but no rows", at: source)
        }
        self.rows = rows
        rowCountEstimate = rows.count
    }

    static func newlines(in fields: [String]) -> Int {
        // Counting LF bytes counts CRLF once too, without building characters.
        fields.reduce(0) { n, f in n + f.utf8.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 } }
    }

    /// `transform` applied to the rows in pieces on other cores while `consume` takes each piece's rows and
    /// results on the calling thread, in row order, as soon as they are ready (an import checks rows while it
    /// writes the rows checked before). When no piece is ready the calling thread transforms one itself. For a
    /// document read `.whileReading`, the pieces are parsed there too, and a piece that is not valid CSV throws
    /// when `consume` reaches it (after its good records).
    ///
    /// Each piece is a run of consecutive rows handed to one call of `transform`, which may keep state (a
    /// cache) for the piece but must not share mutable state between calls. `transform` must not depend on
    /// the records' line numbers: for a document read `.whileReading` they count from the start of the piece
    /// there (`consume` gets the file's line numbers).
    public func concurrentMapRows<T: Sendable>(
        _ transform: @escaping @Sendable (ArraySlice<CSVRecord>) -> [T],
        inOrder consume: (ArraySlice<CSVRecord>, [T]) throws -> Void
    ) throws {
        if let pending {
            return try concurrentMapPending(pending, transform, inOrder: consume)
        }
        let rows = self.rows
        let pieceCount = min(rows.count / 1024 + 1, 16 * ProcessInfo.processInfo.activeProcessorCount)
        let size = (rows.count + pieceCount - 1) / pieceCount
        let pieces = stride(from: 0, to: rows.count, by: max(size, 1)).map { $0..<min($0 + size, rows.count) }
        let work = CSVChunks.Pieces<T>(count: pieces.count) { transform(rows[pieces[$0]]) }
        try Self.run(work, pieces: pieces.count) { i in try consume(rows[pieces[i]], work.result(i)) }
    }

    /// One piece parsed and transformed: its records (lines counted within the piece), their results, the
    /// lines it spans and its CSV error, if any.
    private struct ParsedPiece<T: Sendable>: @unchecked Sendable {
        var records: [CSVRecord]
        var results: [T]
        var lines: Int
        var error: (any Error)?
    }

    private func concurrentMapPending<T: Sendable>(
        _ pending: Pending, _ transform: @escaping @Sendable (ArraySlice<CSVRecord>) -> [T],
        inOrder consume: (ArraySlice<CSVRecord>, [T]) throws -> Void
    ) throws {
        let width = header.count
        let work = CSVChunks.Pieces<ParsedPiece<T>>(count: pending.pieces.count) { i in
            let parsed = CSVChunks.parse(String(decoding: pending.bytes[pending.pieces[i]], as: UTF8.self))
            let records = parsed.records.map {
                CSVRecord(line: $0.line, fields: $0.fields, columns: pending.columns, width: width)
            }
            return [ParsedPiece(
                records: records, results: transform(records[...]), lines: parsed.lines, error: parsed.error)]
        }
        var line = pending.firstLine
        var seen = 0
        try Self.run(work, pieces: pending.pieces.count) { i in
            guard var piece = work.result(i).first else { return }
            var records = piece.records
            piece.records = []  // the only reference left: the loop below changes the records in place
            for k in records.indices { records[k].line += line }
            seen += records.count
            try consume(records[...], piece.results)
            line += piece.lines
            if let error = piece.error {
                throw ConcordError("the file is not valid CSV: \(error)", at: "\(source) line \(line)")
            }
        }
        guard seen > 0 else { throw ConcordError("the file has a header but no rows", at: source) }
    }

    /// Starts the helper threads for `work`, then calls `consume` for pieces 0..<pieces in order.
    private static func run<T>(
        _ work: CSVChunks.Pieces<T>, pieces: Int, consume: (Int) throws -> Void
    ) throws {
        let helpers = pieces > 1 ? ProcessInfo.processInfo.activeProcessorCount - 1 : 0
        for _ in 0..<max(helpers, 0) {
            work.helperStarted()
            Thread { work.help() }.start()
        }
        defer { work.finish() }
        for i in 0..<pieces { try consume(i) }
    }
}

/// One record of a CSV file.
public struct CSVRecord: Sendable {
    /// The line the record starts on (the header is line 1).
    public internal(set) var line: Int
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

/// Cutting CSV text into pieces that CSV.swift parses exactly as it parses the whole.
enum CSVChunks {
    /// The records of one piece, each with its first line counted from 1 within the piece, and the lines the
    /// piece spans.
    struct Parsed {
        var records: [(line: Int, fields: [String])] = []
        var lines = 0
        var error: (any Error)?
    }

    /// Parses one piece with its own `CSVReader`, skipping blank lines as the whole-file reading does.
    static func parse(_ text: String) -> Parsed {
        var parsed = Parsed()
        guard let reader = try? CSVReader(string: text, hasHeaderRow: false) else { return parsed }
        while let fields = reader.next() {
            parsed.lines += 1
            let start = parsed.lines
            parsed.lines += CSVDocument.newlines(in: fields)
            if fields.count == 1 && fields[0].trimmingSpaces().isEmpty { continue }  // blank line
            parsed.records.append((start, fields))
        }
        parsed.error = reader.error
        return parsed
    }

    /// Offsets just past the end of a record (its CR, LF or CRLF), the first at least `every` bytes after
    /// `start` and each next at least `every` bytes after the previous; never the end of `bytes`; at most
    /// `limit` of them.
    ///
    /// This follows CSV.swift's reader byte by byte (every byte it treats specially is ASCII, and UTF-8
    /// never uses ASCII bytes inside a multi-byte character): a quote opens a quoted field only as a field's
    /// first character; inside one, a quote ends the field before a comma or line end, `""` is a quote,
    /// and a quote before any other character stays in the field (the reader drops that character) and the
    /// field goes on. Line ends inside quoted fields therefore never end a record.
    static func cuts(in bytes: [UInt8], from start: Int, every spacing: Int, limit: Int = .max) -> [Int] {
        enum State { case fieldStart, unquoted, quoted, afterQuote }
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var cuts: [Int] = []
        var state = State.fieldStart
        let spacing = min(spacing, bytes.count + 1)  // `.max` means one piece; no overflow below
        var wanted = start + spacing
        var i = start
        let n = bytes.count
        while i < n && cuts.count < limit {
            let c = bytes[i]
            i += 1
            var recordEnds = false
            switch state {
            case .fieldStart:
                if c == quote {
                    state = .quoted
                } else if c == cr || c == lf {
                    recordEnds = true
                } else if c != comma {
                    state = .unquoted
                }
            case .unquoted:
                if c == cr || c == lf {
                    recordEnds = true
                } else if c == comma {
                    state = .fieldStart
                }
            case .quoted:
                if c == quote { state = .afterQuote }
            case .afterQuote:
                if c == cr || c == lf {
                    recordEnds = true
                } else if c == comma {
                    state = .fieldStart
                } else {
                    state = .quoted
                }
            }
            guard recordEnds else { continue }
            if c == cr && i < n && bytes[i] == lf { i += 1 }
            state = .fieldStart
            if i >= wanted && i < n {
                cuts.append(i)
                wanted = i + spacing
            }
        }
        return cuts
    }

    /// `body` applied to every item on every core (one call per item); the results in the items' order.
    ///
    /// The calling thread and one serial queue per other core take items in turn. Not
    /// `DispatchQueue.concurrentPerform`: called from a command's task, it shares the cooperative pool's width
    /// with the calling thread and ran on one core of two.
    static func concurrentMap<Item: Sendable, T: Sendable>(
        _ items: [Item], _ body: @escaping @Sendable (Item) -> T
    ) -> [T] {
        guard items.count > 1 else { return items.map(body) }
        let slots = Slots<T>(count: items.count)
        defer { slots.release() }
        let next = Mutex(0)
        let work: @Sendable () -> Void = {
            while true {
                let i = next.withLock { n in
                    defer { n += 1 }
                    return n
                }
                guard i < items.count else { return }
                slots.put(body(items[i]), at: i)
            }
        }
        let group = DispatchGroup()
        for lane in 1..<min(ProcessInfo.processInfo.activeProcessorCount, items.count) {
            DispatchQueue(label: "concord.csv.\(lane)").async(group: group, execute: work)
        }
        work()
        group.wait()
        return slots.values()
    }

    /// One result slot per item, each written by exactly one worker and read only after all of them have
    /// finished.
    private final class Slots<T>: @unchecked Sendable {
        private let buffer: UnsafeMutableBufferPointer<T?>

        init(count: Int) {
            buffer = .allocate(capacity: count)
            buffer.initialize(repeating: nil)
        }

        func put(_ value: T, at index: Int) { buffer[index] = value }

        func values() -> [T] { buffer.compactMap { $0 } }

        func release() {
            buffer.deinitialize()
            buffer.deallocate()
        }
    }

    /// Pieces of work numbered 0..<count, taken in order by helper threads and by the thread that wants the
    /// results in order; every piece is done exactly once. All state is guarded by `condition`.
    final class Pieces<T: Sendable>: @unchecked Sendable {
        private let condition = NSCondition()
        private let body: @Sendable (Int) -> [T]
        private var results: [[T]?]
        private var next = 0
        private var helpers = 0

        init(count: Int, body: @escaping @Sendable (Int) -> [T]) {
            self.body = body
            results = Array(repeating: nil, count: count)
        }

        /// The number of the next piece nobody has taken yet, now taken; nil when all are taken.
        private func take() -> Int? {
            condition.lock()
            defer { condition.unlock() }
            guard next < results.count else { return nil }
            next += 1
            return next - 1
        }

        private func store(_ result: [T], at index: Int) {
            condition.lock()
            results[index] = result
            condition.broadcast()
            condition.unlock()
        }

        /// Counts a helper thread before it starts, so that `finish` waits for it.
        func helperStarted() {
            condition.lock()
            helpers += 1
            condition.unlock()
        }

        /// A helper thread's loop: do pieces until none is left.
        func help() {
            while let index = take() { store(body(index), at: index) }
            condition.lock()
            helpers -= 1
            condition.broadcast()
            condition.unlock()
        }

        /// The result of piece `index` (handed out once): waits for a helper doing it, or does a piece itself
        /// meanwhile.
        func result(_ index: Int) -> [T] {
            while true {
                condition.lock()
                if let done = results[index] {
                    results[index] = []
                    condition.unlock()
                    return done
                }
                let idle = next >= results.count
                if idle { condition.wait() }
                condition.unlock()
                if !idle, let other = take() { store(body(other), at: other) }
            }
        }

        /// Stops handing out pieces and waits for the helper threads to return.
        func finish() {
            condition.lock()
            next = results.count
            while helpers > 0 { condition.wait() }
            condition.unlock()
        }
    }
}
