import Catalog
import Dispatch
import Foundation
import GRDB
import Model
import Signing
import Storage

/// What a batch issuance did.
public struct IssueSummary: Codable, Sendable, Equatable {
    /// The numbers issued, in order.
    public var issued: [String] = []
    /// People passed but refused, with why (`name idMasked level: reason`).
    public var refused: [String] = []
    /// Pairs (person, level) with sittings but no pass yet.
    public var notPassed = 0
}

extension Store {
    /// Issues one certificate to `person` at `level`, dated `day`, signed with the active key.
    ///
    /// Refuses when the person has not passed, was not eligible to sit, or already holds that level.
    @discardableResult
    public func issueCertificate(
        person: ResidentID, level: SkillLevel, keys: KeyDirectory, on day: Day = Day.today()
    ) throws -> Certificate {
        let signer = try activeSigningKey(in: keys)
        return try write { db in
            let found = try Person.withID(person, in: db)
            guard let id = found.id, let dossier = try CandidateDossier.load(db, personIDs: [id])[id] else {
                throw ConcordError("no person has the resident ID \(person.masked)")
            }
            var issuer = try Issuer(db, signer: signer.key, day: day)
            let certificate: Certificate
            switch try issuer.decide(db, dossier, level: level, onlyBody: nil) {
            case .draft(let draft):
                try issuer.saveCounters(db)
                let seal = try CertificateSeal.sign(draft.claims, key: signer.key)
                var signed = Issuer.filled([draft], [seal])[0]
                guard try issuer.store(db, &signed) else {
                    throw ConcordError(
                        "\(person.masked) level \(level): its short code collides with another certificate's")
                }
                certificate = signed
            case .notPassed:
                let sittings = (dossier.sittings[level] ?? []).map(\.sitting)
                throw ConcordError("\(person.masked) has not passed level \(level): \(PassRule.shortfall(sittings))")
            case .otherBody: throw ConcordError("the pass was completed at another body")
            case .refused(let why): throw ConcordError("\(person.masked) level \(level): \(why)")
            }
            try audit(
                db, action: "certificate.issue", entity: "certificate:\(certificate.number)",
                details: ["person": person.masked, "level": String(level.rawValue), "code": certificate.code,
                          "kid": certificate.kid])
            return certificate
        }
    }

    /// Issues a certificate for every passed, eligible, not yet certified (person, level), optionally only
    /// pairs completed at `body`; one transaction (and audit row) per batch of `batchSize` candidates.
    ///
    /// Each batch reads its candidates' rows in a few set queries (`CandidateDossier`), decides and numbers
    /// them in order, signs them on every core, then stores them with cached statements.
    public func issueAllPassed(
        body: String? = nil, keys: KeyDirectory, on day: Day = Day.today(), batchSize: Int = 5000
    ) throws -> IssueSummary {
        let signer = try activeSigningKey(in: keys)
        let bodyID: Int64? = try body.map { code in try read { db in try EvaluationBody.named(code, in: db).0 } }?
            .institutionId
        let candidates = try read { db in
            try Row.fetchAll(db, sql: """
                SELECT DISTINCT a.person_id, a.level FROM assessment a
                WHERE NOT EXISTS (SELECT 1 FROM certificate c WHERE c.person_id = a.person_id AND c.level = a.level
                                  AND c.revoked_on IS NULL)
                ORDER BY a.level DESC, a.person_id
                """).map { (personID: $0[0] as Int64, level: $0[1] as Int) }
        }
        // A batch writes megabytes; checkpointing every 4 MB of WAL (the default) would stop the writing thread,
        // and with it the signers, every few hundred certificates. Every 64 MB is enough; crash safety is the
        // same (the WAL is the journal either way).
        // And a batch's pages stay in memory until it commits (SQLite's default 2 MB cache would write them to
        // the WAL mid-transaction to make room, and many of them again later), and the statement journal of a
        // chunk of certificates stored in one statement stays in memory: the settings of imports.
        let previous = try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 16384")
            return try Store.BulkSettings.apply(db)
        }
        defer {
            _ = try? writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 1000")
                previous.restore(db)
            }
        }
        // The WAL reaches the database file in the background while the run goes on.
        let checkpointer = BackgroundCheckpointer(path: path)
        var summary = IssueSummary()
        let progress = ProgressLine("issuing", total: candidates.count)
        var done = 0
        let ranges = Self.batches(count: candidates.count, size: max(batchSize, 1))
        // The next batch's dossiers, read by the previous batch's transaction while its last chunks were being
        // signed, with that batch's certificates added as they were stored; and the writer's `data_version`
        // at that moment, which tells whether any other connection has written since.
        nonisolated(unsafe) var prefetched: (dossiers: [Int64: CandidateDossier], version: Int64)?
        for (index, range) in ranges.enumerated() {
            let batch = candidates[range]
            let next = index + 1 < ranges.count ? Array(Set(candidates[ranges[index + 1]].map(\.personID))) : []
            let part = try write { db in
                var part = IssueSummary()
                var issuer = try Issuer(db, signer: signer.key, day: day)
                var dossiers: [Int64: CandidateDossier]
                if let ready = prefetched, try Self.dataVersion(db) == ready.version {
                    dossiers = ready.dossiers
                } else {
                    dossiers = try CandidateDossier.load(db, personIDs: Array(Set(batch.map(\.personID))))
                }
                prefetched = nil
                // Drafts go to the signing pipeline in chunks as they are decided; the signed chunks come back
                // in order and are stored while later chunks are still being signed.
                let pipeline = SigningPipeline(key: signer.key)
                var chunk: [Certificate] = []
                for candidate in batch {
                    guard var dossier = dossiers[candidate.personID],
                          let level = SkillLevel(rawValue: candidate.level)
                    else { continue }
                    switch try issuer.decide(db, dossier, level: level, onlyBody: bodyID) {
                    case .draft(let draft):
                        chunk.append(draft)
                        if chunk.count == SigningPipeline.chunkSize {
                            pipeline.submit(chunk)
                            chunk = []
                        }
                        // A level-4 certificate issued now counts for the same person's level-3 rules below.
                        dossier.held.append(.issued(draft))
                        dossiers[candidate.personID] = dossier
                    case .notPassed: part.notPassed += 1
                    case .otherBody: break
                    case .refused(let why):
                        part.refused.append("\(dossier.name) \(dossier.maskedID) level \(level): \(why)")
                    }
                }
                pipeline.submit(chunk)
                // While the last chunks are signed: the next batch's rows (this batch's certificates are added
                // below as they are stored, the only writes between now and then).
                var upcoming = next.isEmpty ? nil : try CandidateDossier.load(db, personIDs: next)
                try issuer.saveCounters(db)
                for index in 0..<pipeline.count {
                    let signed = try pipeline.chunk(index)
                    let collided = Set(try issuer.store(db, chunk: signed).map(\.number))
                    for certificate in signed {
                        if !collided.contains(certificate.number) {
                            part.issued.append(certificate.number)
                            upcoming?[certificate.personId]?.held.append(.issued(certificate))
                        } else {
                            part.refused.append("\(certificate.holderName) \(certificate.idMasked) level "
                                + "\(certificate.level): its short code collides with another certificate's")
                        }
                    }
                }
                if !part.issued.isEmpty {
                    try audit(
                        db, action: "certificate.issue-batch", entity: "certificate",
                        details: ["issued": part.issued.joined(separator: " "), "on": day.description,
                                  "body": body ?? "", "kid": signer.record.kid])
                }
                if let upcoming { prefetched = (upcoming, try Self.dataVersion(db)) }
                return part
            }
            checkpointer.request()
            summary.issued += part.issued
            summary.refused += part.refused
            summary.notPassed += part.notPassed
            done += batch.count
            progress.update(done)
        }
        checkpointer.finish()
        progress.finish()
        return summary
    }
}

extension Store {
    /// The batches of a run over `count` candidates: `size` each, except a small first batch, so that signing
    /// starts soon, and a small last batch, so that little is left to copy from the WAL when the run ends.
    static func batches(count: Int, size: Int) -> [Range<Int>] {
        let small = max(1, size / 8)
        guard count > size else { return count == 0 ? [] : [0..<count] }
        var ranges = [0..<small]
        var start = small
        while start < count {
            ranges.append(start..<min(start + size, count))
            start += size
        }
        if let last = ranges.last, last.count > 2 * small {
            ranges[ranges.count - 1] = last.lowerBound..<(last.upperBound - small)
            ranges.append((last.upperBound - small)..<last.upperBound)
        }
        return ranges
    }

    /// The connection's `PRAGMA data_version`: it changes when another connection commits.
    fileprivate static func dataVersion(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0
    }
}

/// Decides, numbers, signs and stores certificates inside a caller's write transaction.
struct Issuer {
    let signer: Ed25519PrivateKey
    let day: Day
    /// How long a passed part stays valid.
    let validityMonths: Int
    /// Related majors and certificates.
    let lists: RelatedLists
    /// Evaluation bodies with their institutions' names, by institution id.
    let bodies: [Int64: (body: EvaluationBody, name: String)]
    /// The certificate insert, values bound straight into SQLite: one row, and a chunk of rows.
    private let insert: RowBatch
    private let inserts: RowBatch
    /// The last sequence number taken in this transaction, per body and level (the year is `day`'s).
    private var counters: [CounterKey: Int] = [:]

    private struct CounterKey: Hashable {
        let body: Int64
        let level: Int
    }

    /// Reads the rule data and the evaluation bodies once per transaction.
    init(_ db: Database, signer: Ed25519PrivateKey, day: Day) throws {
        self.signer = signer
        self.day = day
        validityMonths = try Int.fetchOne(
            db, sql: "SELECT value FROM certification_setting WHERE key = 'part_validity_months'") ?? 24
        lists = try RelatedLists.load(db)
        var bodies: [Int64: (body: EvaluationBody, name: String)] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT b.*, i.name AS institution_name FROM evaluation_body b JOIN institution i ON i.id = b.institution_id
            """) {
            let body = try EvaluationBody(row: row)
            bodies[body.institutionId] = (body, row["institution_name"])
        }
        self.bodies = bodies
        insert = try RowBatch(db, insert: Self.insertHead, width: 16, rowsPerStatement: 1)
        inserts = try RowBatch(db, insert: Self.insertHead, width: 16, rowsPerStatement: SigningPipeline.chunkSize)
    }

    private static let insertHead = """
        INSERT INTO certificate (number, person_id, body_id, level, holder_name, id_masked, occupation, body_name,
            issued_on, code, kid, token, seal, theory_assessment_id, skills_assessment_id, created_at)
        """

    /// What to do with one candidate.
    enum Decision {
        /// Issue this certificate (numbered, not yet signed).
        case draft(Certificate)
        case notPassed
        case otherBody
        case refused(String)
    }

    /// Applies the issuance rules to `dossier` at `level`; when it issues, takes the next sequence number
    /// (`saveCounters` writes the numbers taken back before the transaction ends).
    mutating func decide(
        _ db: Database, _ dossier: CandidateDossier, level: SkillLevel, onlyBody: Int64?
    ) throws -> Decision {
        guard level.isIssuedHere else { return .refused("level \(level) is not issued here (only 4 and 3)") }
        let held = dossier.held.filter { $0.level == level }
        if let current = held.first(where: { $0.revokedOn == nil }) {
            return .refused("already certified at level \(level) (\(current.number))")
        }
        if let fraud = held.first(where: { $0.revokedReason == .fraud }) {
            return .refused("certificate \(fraud.number) at this level was revoked for fraud")
        }
        let sittings = dossier.sittings[level] ?? []
        guard let pair = PassRule.firstPass(sittings.map(\.sitting), validityMonths: validityMonths) else {
            return .notPassed
        }
        let completing = pair.theory.on >= pair.skills.on ? pair.theory : pair.skills
        guard let bodyID = sittings.first(where: { $0.sitting.id == completing.id })?.body else { return .notPassed }
        if let onlyBody, onlyBody != bodyID { return .otherBody }
        guard day >= pair.passedOn else {
            return .refused("the issue date \(day) is before the pass on \(pair.passedOn)")
        }
        let eligibility = Eligibility.evaluate(
            dossier.candidateFacts(lists: lists), level: level, on: pair.firstSatOn, lists: lists)
        guard eligibility.eligible else {
            return .refused("not eligible to sit level \(level) on \(pair.firstSatOn): "
                + eligibility.conditions.map(\.why).joined(separator: "; "))
        }
        guard let body = bodies[bodyID] else {
            return .refused("the evaluation body has no certificate-number settings")
        }
        let number = try CertificateNumber.make(
            body: body.body, year: day.year, level: level, sequence: try nextSequence(db, body: bodyID, level: level))
        return .draft(Certificate(
            id: nil, number: number, personId: dossier.personID, bodyId: bodyID, level: level,
            holderName: dossier.name, idMasked: dossier.maskedID, occupation: Certificate.occupationCode,
            bodyName: body.name, issuedOn: day.description, code: "", kid: signer.publicKey.kid, token: "", seal: "",
            theoryAssessmentId: pair.theory.id, skillsAssessmentId: pair.skills.id, revokedOn: nil,
            revokedReason: nil, revokedNote: nil, createdAt: Timestamp.text()))
    }

    /// `drafts` with the code, token and seal of their signatures.
    static func filled(_ drafts: [Certificate], _ signed: [CertificateSeal.Signed]) -> [Certificate] {
        var certificates = drafts
        for i in certificates.indices {
            certificates[i].code = signed[i].code.display
            certificates[i].token = signed[i].token
            certificates[i].seal = signed[i].seal
        }
        return certificates
    }

    /// Stores a signed certificate; false (nothing stored) when its short code is already taken, which 80 bits
    /// make practically impossible: refuse rather than store two certificates under one code. The UNIQUE
    /// constraint on `code` finds the collision; the failed statement leaves the transaction as it was.
    func store(_ db: Database, _ certificate: inout Certificate) throws -> Bool {
        do {
            try Self.add(certificate, to: insert)  // a batch of one row: it runs here
        } catch let error as DatabaseError where Self.isCodeCollision(error) {
            return false
        }
        certificate.id = db.lastInsertedRowID
        return true
    }

    /// Stores signed certificates, a signing chunk to a statement (`RowBatch`), and returns those not stored
    /// because their short code is already taken (as `store` does for one). A statement that fails on a
    /// colliding code is undone as a whole, and its certificates are then stored one at a time.
    func store(_ db: Database, chunk: [Certificate]) throws -> [Certificate] {
        var unwritten = 0  // the first certificate of the chunk not known to be stored
        do {
            for (i, certificate) in chunk.enumerated() {
                try Self.add(certificate, to: inserts)
                if inserts.rowsWaiting == 0 { unwritten = i + 1 }
            }
            try inserts.flush()
            return []
        } catch let error as DatabaseError where Self.isCodeCollision(error) {
            var collided: [Certificate] = []
            for var certificate in chunk[unwritten...] where try !store(db, &certificate) {
                collided.append(certificate)
            }
            return collided
        }
    }

    /// Adds `c` as one row of `insertHead`'s columns, in their order.
    private static func add(_ c: Certificate, to batch: RowBatch) throws {
        batch.add(c.number)
        batch.add(c.personId)
        batch.add(c.bodyId)
        batch.add(Int64(c.level.rawValue))
        batch.add(c.holderName)
        batch.add(c.idMasked)
        batch.add(c.occupation)
        batch.add(c.bodyName)
        batch.add(c.issuedOn)
        batch.add(c.code)
        batch.add(c.kid)
        batch.add(c.token)
        batch.add(c.seal)
        batch.add(c.theoryAssessmentId)
        batch.add(c.skillsAssessmentId)
        batch.add(c.createdAt)
        try batch.endRow()
    }

    private static func isCodeCollision(_ error: DatabaseError) -> Bool {
        error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE && error.message?.contains("certificate.code") == true
    }

    /// The next sequence number for a body, issue year and level. The counter row is read once per
    /// transaction and written back by `saveCounters`; both happen inside the write transaction and SQLite runs
    /// one writer at a time, so two processes never get the same number (and `number` is UNIQUE besides).
    mutating func nextSequence(_ db: Database, body: Int64, level: SkillLevel) throws -> Int {
        let key = CounterKey(body: body, level: level.rawValue)
        let last: Int
        if let known = counters[key] {
            last = known
        } else {
            last = try Int.fetchOne(db, sql: """
                SELECT last FROM certificate_counter WHERE body_id = ? AND year = ? AND level = ?
                """, arguments: [body, day.year, level.rawValue]) ?? 0
        }
        counters[key] = last + 1
        return last + 1
    }

    /// Writes the last sequence number taken for each counter used in this transaction.
    func saveCounters(_ db: Database) throws {
        for (key, last) in counters {
            try db.execute(sql: """
                INSERT INTO certificate_counter (body_id, year, level, last) VALUES (?, ?, ?, ?)
                ON CONFLICT (body_id, year, level) DO UPDATE SET last = excluded.last
                """, arguments: [key.body, day.year, key.level, last])
        }
    }
}

/// Signs chunks of drafts on background threads while the caller goes on deciding and storing, and lets the
/// caller sign too when it would otherwise wait: every core signs, and no more threads run than there are
/// cores (one helper fewer than the cores, plus the caller). Each chunk is signed exactly once, by whoever takes
/// it first.
final class SigningPipeline: @unchecked Sendable {
    /// Drafts per chunk: large enough to amortise a task, small enough that storing starts early.
    static let chunkSize = 64

    private let key: Ed25519PrivateKey
    /// One serial queue per core but one. Serial queues get their own threads; `DispatchQueue.global()` would
    /// share the cooperative pool's width with the thread running this command.
    private let lanes: [DispatchQueue]
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var drafts: [[Certificate]] = []
    private var results: [Result<[Certificate], any Error>?] = []
    /// The first chunk nobody has started signing.
    private var next = 0

    init(key: Ed25519PrivateKey) {
        self.key = key
        lanes = (0..<max(ProcessInfo.processInfo.activeProcessorCount - 1, 1)).map {
            DispatchQueue(label: "concord.signing.\($0)")
        }
    }

    /// How many chunks were submitted.
    var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return results.count
    }

    /// Queues `drafts` for signing (nothing when empty).
    func submit(_ drafts: [Certificate]) {
        guard !drafts.isEmpty else { return }
        condition.lock()
        let index = results.count
        self.drafts.append(drafts)
        results.append(nil)
        condition.unlock()
        lanes[index % lanes.count].async {
            if let taken = self.take() { self.sign(taken) }
        }
    }

    /// The first chunk nobody has started, now taken; nil when there is none.
    private func take() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        guard next < drafts.count else { return nil }
        next += 1
        return next - 1
    }

    private func sign(_ index: Int) {
        condition.lock()
        let chunk = drafts[index]
        condition.unlock()
        let result = Result {
            let signer = try Ed25519Signer(key: key)
            let signed = try chunk.map { try CertificateSeal.sign($0.claims, signer: signer) }
            return Issuer.filled(chunk, signed)
        }
        condition.lock()
        results[index] = result
        drafts[index] = []
        condition.broadcast()
        condition.unlock()
    }

    /// The signed certificates of chunk `index`, in submission order. While it is not ready, the caller signs
    /// chunks nobody has started, or waits.
    func chunk(_ index: Int) throws -> [Certificate] {
        while true {
            condition.lock()
            if let result = results[index] {
                condition.unlock()
                return try result.get()
            }
            let idle = next >= drafts.count
            if idle { condition.wait() }
            condition.unlock()
            if !idle, let taken = take() { sign(taken) }
        }
    }
}
