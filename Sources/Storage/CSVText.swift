import CSV
import Foundation
import Model

/// CSV exports (statements, sheets, results, coverage, claims): RFC 4180 quoting done by CSV.swift's `CSVWriter`.
public enum CSVText {
    /// The header and rows as CSV text, one line per row, ending with a newline.
    public static func render(_ header: [String], _ rows: [[String]]) throws -> String {
        let stream = OutputStream.toMemory()
        let writer = try CSVWriter(stream: stream)
        try writer.write(row: header)
        for row in rows { try writer.write(row: row) }
        writer.stream.close()
        guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else {
            throw ConcordError("the CSV export could not be written")
        }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
