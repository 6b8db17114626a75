import Catalog
@testable import Certification
import Foundation
import GRDB
import Model
import Signing
import Storage
import Testing

/// Batch issuance reads a batch's rows in set queries and signs in a pipeline; these tests hold it to the same
/// outcomes as issuing one certificate at a time.
@Suite struct BatchIssuanceTests {
    /// 70 level-4 passes, 5 failed skills parts, 3 level-4 holders (since 2024) who passed level 3, and 2 people
    /// who were not eligible to sit: more drafts than one signing chunk.
    static func populate(_ f: Fixture) throws {
        for i in 0..<80 {
            let id = validID(sequence: i + 200)
            let eligible = i < 78
            try f.addPerson(
                id, name: "批量\(i)", education: eligible ? .bachelor : .none, major: eligible ? "法学" : nil,
                since: eligible ? "2010-01-01" : "2024-06-01")
            if (70..<73).contains(i) {
                try f.sit(id, on: "2023-12-01", theory: 80, skills: 80)
                try f.store.issueCertificate(
                    person: ResidentID(id), level: .four, keys: f.keys, on: try Day("2024-01-10"))
                try f.sit(id, level: .three, on: "2025-03-01", theory: 75, skills: 71)
            } else {
                try f.sit(id, on: "2025-03-01", theory: 70, skills: (73..<78).contains(i) ? 40 : 70)
            }
        }
    }

    @Test func aBatchIssuesWhatOneAtATimeIssues() throws {
        let batch = try Fixture()
        try Self.populate(batch)
        let day = try Day("2025-04-01")
        let summary = try batch.store.issueAllPassed(keys: batch.keys, on: day)

        let single = try Fixture()
        try Self.populate(single)
        var issued: [String] = []
        var refused = 0, notPassed = 0
        let candidates = try single.store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT DISTINCT p.resident_id, a.level FROM assessment a JOIN person p ON p.id = a.person_id
                WHERE NOT EXISTS (SELECT 1 FROM certificate c WHERE c.person_id = a.person_id AND c.level = a.level)
                ORDER BY a.level DESC, a.person_id
                """).map { (try ResidentID($0[0] as String), SkillLevel(rawValue: $0[1] as Int) ?? .four) }
        }
        for (person, level) in candidates {
            do {
                let certificate = try single.store.issueCertificate(
                    person: person, level: level, keys: single.keys, on: day)
                issued.append(certificate.number)
            } catch let error as ConcordError {
                if error.what.contains("has not passed") { notPassed += 1 } else { refused += 1 }
            }
        }
        #expect(summary.issued.count == 73)
        #expect(summary.issued == issued)
        #expect(summary.notPassed == notPassed)
        #expect(summary.notPassed == 5)
        #expect(summary.refused.count == refused)
        #expect(summary.refused.count == 2)
        #expect(summary.refused.allSatisfy { $0.contains("not eligible to sit level 4") })
        // Level 3 for the three holders, numbered from 1 in its own counter.
        let level3 = summary.issued.filter { $0.dropFirst(15).hasPrefix("3") }
        #expect(level3.map { $0.suffix(6) } == ["000001", "000002", "000003"])
        for number in summary.issued {
            let certificate = try batch.store.certificate(number)
            #expect(try batch.store.verify(code: certificate.code).outcome == .valid)
        }
        #expect(try batch.store.verifyAudit().isIntact)
    }

    /// Many small batches: each batch's rows are read by the batch before it (with that batch's certificates
    /// added as they are stored); the outcome must not depend on where the batches are cut.
    @Test(arguments: [1, 2, 7, 64])
    func theBatchSizeChangesNothing(size: Int) throws {
        let reference = try Fixture()
        try Self.populate(reference)
        let day = try Day("2025-04-01")
        let expected = try reference.store.issueAllPassed(keys: reference.keys, on: day)
        let cut = try Fixture()
        try Self.populate(cut)
        let summary = try cut.store.issueAllPassed(keys: cut.keys, on: day, batchSize: size)
        #expect(summary.issued == expected.issued)
        #expect(summary.refused == expected.refused)
        #expect(summary.notPassed == expected.notPassed)
        // Nothing is issued twice: a second run finds everyone certified or refused.
        let again = try cut.store.issueAllPassed(keys: cut.keys, on: day, batchSize: size)
        #expect(again.issued.isEmpty)
        #expect(try cut.store.verifyAudit().isIntact)
    }

    @Test func batchesCoverEveryCandidateOnceWithSmallEnds() {
        for (count, size) in [(0, 5000), (1, 5000), (5000, 5000), (5001, 5000), (20_000, 5000), (17, 3), (10, 1)] {
            let ranges = Store.batches(count: count, size: size)
            #expect(ranges.flatMap { Array($0) } == Array(0..<count), "\(count) in \(size)")
            #expect(ranges.allSatisfy { !$0.isEmpty } || count == 0)
            #expect(ranges.allSatisfy { $0.count <= size })
        }
        let ranges = Store.batches(count: 20_000, size: 5000)
        #expect(ranges.first?.count == 625)
        #expect(ranges.last?.count == 625)
    }

    @Test func aCodeThatIsTakenIsNotStoredAndTheTransactionGoesOn() throws {
        let f = try Fixture()
        let first = try f.issued()
        let signer = try f.store.activeSigningKey(in: f.keys).key
        let stored = try f.store.write { db -> Bool in
            let issuer = try Issuer(db, signer: signer, day: try Day("2025-04-01"))
            var twin = first
            twin.id = nil
            twin.number = "S000033000001254000999"
            twin.token += "A"
            twin.level = .three  // not the person's level-4 certificate in force, only its code
            let stored = try issuer.store(db, &twin)
            #expect(try Certificate.fetchCount(db) == 1)
            return stored
        }
        #expect(stored == false)
        #expect(try f.store.certificates(personID: 1).count == 1)
    }

    /// A chunk is stored in one statement; when one certificate's code is taken, the statement is undone and
    /// the chunk stored one at a time, so that only that certificate is refused.
    @Test(arguments: [false, true])
    func aChunkWithATakenCodeStoresTheOthers(collides: Bool) throws {
        let f = try Fixture()
        let first = try f.issued()
        var people: [Int64] = []
        for i in 0..<4 {
            let id = validID(sequence: i + 300)
            try f.addPerson(id, name: "分块\(i)", education: .bachelor, major: "法学", since: "2010-01-01")
            people.append(try f.store.read { db in try Person.withID(ResidentID(id), in: db).id } ?? 0)
        }
        let signer = try f.store.activeSigningKey(in: f.keys).key
        let chunk = (0..<5).map { i -> Certificate in
            var c = first
            c.id = nil
            c.number = "S000033000001254000" + "99\(i)"
            c.code = collides && i == 2 ? first.code : "AAAA-AAAA-AAAA-AAA\(i)-Z"
            c.token = first.token + "\(i)"
            if i < 4 { c.personId = people[i] } else { c.level = .three }  // Zhang's level 4 is in force
            return c
        }
        let collided = try f.store.write { db in
            try Issuer(db, signer: signer, day: try Day("2025-04-01")).store(db, chunk: chunk).map(\.number)
        }
        #expect(collided == (collides ? [chunk[2].number] : []))
        let stored = try f.store.read { db in
            try String.fetchAll(db, sql: "SELECT number FROM certificate WHERE id > ? ORDER BY id", arguments: [first.id])
        }
        #expect(stored == chunk.map(\.number).filter { !collided.contains($0) })
    }
}
