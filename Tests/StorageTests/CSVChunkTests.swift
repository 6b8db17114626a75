import Foundation
import Model
import Storage
import Testing

/// Large files are cut at record boundaries and the pieces parsed on every core: every cut must give exactly
/// what parsing the whole text in one piece gives (fields and line numbers).
@Suite struct CSVChunkTests {
    /// Texts with every construct that could fool the cutting: line ends inside quotes, CRLF and bare CR,
    /// doubled quotes, a quote inside an unquoted field, a quote followed by another character inside a
    /// quoted field (CSV.swift keeps the quote and drops the character), blank lines, multi-byte characters,
    /// no final line end.
    static let texts = [
        "name,major\n张三,\"法\n学\"\n李四,\"a\"\"b\"\n\n王五,\"x,\ny\"\r\n赵六,c\"d\n",
        "name,major\r\n\"A\r\nB\",1\r\n\"C\"\"\r\n\",2\r\n\r\nD,3",
        "name,major\n\"a\"b\nc\",1\n\"q\"\"\n\"\"\",2\nE,\"\"\n\"\",\n",
        "name,major\rA,1\rB,\"2\r3\"\r\rC,4\r",
        "\"na\nme\",major\n\"1\n2\n3\",\"4\n\"\n,\n\"\"\"\",\"\n\n\"\n末,尾",
        "name,major\n a , b \n\"\n\",\"\"\"\n\"\"\"\n\"x\"\"y\"z\",w\nlast,\"open\nquote",
    ]

    func rows(_ document: CSVDocument) -> [String] {
        document.rows.map { "\($0.line):\($0.fields)" }
    }

    @Test(arguments: texts)
    func everyCutParsesLikeTheWhole(_ text: String) throws {
        let whole = try CSVDocument(data: Data(text.utf8), source: "t.csv", required: [], chunkBytes: .max)
        for size in 1...text.utf8.count {
            let cut = try CSVDocument(data: Data(text.utf8), source: "t.csv", required: [], chunkBytes: size)
            #expect(cut.header == whole.header, "piece size \(size)")
            #expect(rows(cut) == rows(whole), "piece size \(size)")
        }
    }

    /// Parsed piece by piece while the records are consumed: the same records and lines, and `transform` sees
    /// the same fields.
    @Test(arguments: texts)
    func parsingWhileReadingGivesTheSameRecords(_ text: String) throws {
        let whole = try CSVDocument(data: Data(text.utf8), source: "t.csv", required: [], chunkBytes: .max)
        for size in 1...text.utf8.count {
            let streamed = try CSVDocument(
                data: Data(text.utf8), source: "t.csv", required: [], chunkBytes: size, parsing: .whileReading)
            #expect(streamed.header == whole.header)
            #expect(streamed.rows.isEmpty)
            var consumed: [String] = []
            try streamed.concurrentMapRows({ records in records.map(\.fields) }, inOrder: { records, fields in
                #expect(records.map(\.fields) == fields)
                consumed += records.map { "\($0.line):\($0.fields)" }
            })
            #expect(consumed == rows(whole), "piece size \(size)")
        }
    }

    @Test func aHeaderWithoutRowsIsRefusedWhenParsingWhileReading() throws {
        for text in ["name,major\n", "name,major\n\n \r\n\t\n"] {
            #expect {
                _ = try CSVDocument(
                    data: Data(text.utf8), source: "h.csv", required: [], chunkBytes: 4, parsing: .whileReading)
            } throws: { error in
                (error as? ConcordError)?.what == "the file has a header but no rows"
            }
        }
    }

    @Test func linesStayExactAfterMultiLineRecordsInLaterPieces() throws {
        var text = "name,major\n"
        var expected: [Int] = []
        var line = 2
        for i in 0..<200 {
            expected.append(line)
            if i % 3 == 0 {
                text += "\"张\n\(i)\",\"a\r\nb\nc\"\n"  // one record on four lines
                line += 4
            } else {
                text += "李\(i),x\n"
                line += 1
            }
            if i % 50 == 7 {
                text += "\n"  // a blank line, skipped but counted
                line += 1
            }
        }
        let document = try CSVDocument(data: Data(text.utf8), source: "m.csv", required: ["name"], chunkBytes: 64)
        #expect(document.rows.map(\.line) == expected)
        #expect(document.rows[3]["name"] == "张\n3")
        #expect(document.rows[199]["name"] == "李199")
    }

    @Test func gb18030IsCutAfterConversion() throws {
        // "张三" in GB18030 is D5 C5 C8 FD and U+0080 is the four bytes 81 30 81 30 (ASCII digits inside):
        // the text is cut after conversion to UTF-8, so the pieces must still read as the whole.
        var bytes = Array("name,resident_id\n".utf8)
        for i in 0..<100 {
            bytes += [0xD5, 0xC5, 0xC8, 0xFD] + Array(",\(i)\r\n".utf8)
            bytes += [0x22, 0x81, 0x30, 0x81, 0x30, 0x0A, 0x22] + Array(",q\(i)\r\n".utf8)  // "U+0080\n",q
        }
        let document = try CSVDocument(data: Data(bytes), source: "g.csv", required: ["name"], chunkBytes: 16)
        #expect(document.encoding == .gb18030)
        #expect(document.rows.count == 200)
        #expect(document.rows[198]["name"] == "张三")
        #expect(document.rows[198]["resident_id"] == "99")
        #expect(document.rows[199].fields == ["\u{80}\n", "q99"])
        #expect(document.rows[199].line == 2 + 99 * 3 + 1)
    }

    @Test func mapsRowsInOrderAcrossPieces() throws {
        let text = "n\n" + (0..<10_000).map { "\($0)\n" }.joined()
        let document = try CSVDocument(data: Data(text.utf8), source: "o.csv", required: [])
        var consumed: [Int] = []
        var pieces = 0
        let parse: @Sendable (ArraySlice<CSVRecord>) -> [Int] = { records in records.map { Int($0.fields[0]) ?? -1 } }
        try document.concurrentMapRows(parse, inOrder: { records, mapped in
            #expect(records.map(\.fields[0]) == mapped.map(String.init))
            consumed += mapped
            pieces += 1
        })
        #expect(consumed == Array(0..<10_000))
        #expect(pieces > 1)
    }

    @Test func stopsCleanlyWhenTheConsumerThrows() throws {
        let text = "n\n" + (0..<10_000).map { "\($0)\n" }.joined()
        let document = try CSVDocument(data: Data(text.utf8), source: "o.csv", required: [])
        var pieces = 0
        #expect(throws: ConcordError.self) {
            try document.concurrentMapRows({ records in records.map(\.line) }, inOrder: { _, _ in
                pieces += 1
                if pieces == 2 { throw ConcordError("stop") }
            })
        }
        #expect(pieces == 2)
    }
}
