import Foundation
import GRDB
import Model

/// A vocational skill certificate a person holds, as the subsidy rules see it: issued here or recorded as
/// external (found in the national or provincial registry).
public struct HeldCertificate: Codable, Sendable, Equatable {
    /// Where the certificate comes from.
    public enum Origin: String, Codable, Sendable, CaseIterable {
        /// Issued by this system's evaluation bodies.
        case issuedHere = "issued-here"
        /// Issued elsewhere and recorded with `concord cert external add`.
        case external
    }

    /// The certificate number.
    public var number: String
    /// The occupation code, e.g. `4-07-03-02`.
    public var occupationCode: String
    /// The occupation name, e.g. 劳动关系协调员.
    public var occupationName: String
    /// The level certified.
    public var level: SkillLevel
    /// The issue date.
    public var issuedOn: Day
    /// Issued here or external.
    public var origin: Origin
    /// Whether the certificate has been revoked (a revoked certificate never qualifies).
    public var revoked: Bool

    /// A certificate from its parts.
    public init(
        number: String, occupationCode: String = HeldCertificate.coordinatorCode,
        occupationName: String = HeldCertificate.coordinatorName, level: SkillLevel, issuedOn: Day,
        origin: Origin, revoked: Bool = false
    ) {
        self.number = number
        self.occupationCode = occupationCode
        self.occupationName = occupationName
        self.level = level
        self.issuedOn = issuedOn
        self.origin = origin
        self.revoked = revoked
    }

    /// 劳动关系协调员's occupation code, the occupation this system certifies.
    public static let coordinatorCode = "4-07-03-02"
    /// 劳动关系协调员.
    public static let coordinatorName = "劳动关系协调员"
}

/// A training the person took with a training subsidy (the enrolment's `subsidisedTraining` flag): the
/// skill-upgrade subsidy cannot be combined with it for the same course.
public struct SubsidisedTraining: Codable, Sendable, Equatable {
    /// The occupation the course trains for.
    public var occupationCode: String
    /// The level the course leads to; nil when unknown, which then matches every level of the occupation.
    public var level: SkillLevel?

    /// A subsidised training from its parts.
    public init(occupationCode: String = HeldCertificate.coordinatorCode, level: SkillLevel?) {
        self.occupationCode = occupationCode
        self.level = level
    }

    /// Whether this training was for the course leading to `certificate`.
    public func matches(_ certificate: HeldCertificate) -> Bool {
        occupationCode == certificate.occupationCode && (level == nil || level == certificate.level)
    }
}

/// Where the certificates issued by this system come from (the certification module, once wired in).
public protocol IssuedCertificateSource: Sendable {
    /// Every certificate issued here to the person, revoked ones included (marked as revoked).
    func certificates(_ db: Database, personID: Int64) throws -> [HeldCertificate]
}

/// Where the subsidised-training facts come from (the enrolment module, once wired in).
public protocol TrainingSubsidySource: Sendable {
    /// The trainings the person took with a training subsidy.
    func subsidisedTrainings(_ db: Database, personID: Int64) throws -> [SubsidisedTraining]
}

/// The default issued-certificate source: reads a `certificate` table when one exists, column by column,
/// so it works whatever shape the certification module gives it; none when the table is absent.
public struct CertificateTableSource: IssuedCertificateSource {
    /// The default source.
    public init() {}

    /// The person's rows of `certificate`, revoked ones marked; none when the table or its columns are missing.
    public func certificates(_ db: Database, personID: Int64) throws -> [HeldCertificate] {
        guard try db.tableExists("certificate") else { return [] }
        let columns = Set(try db.columns(in: "certificate").map(\.name))
        guard ["person_id", "number", "level"].allSatisfy(columns.contains) else { return [] }
        let issued = ["issued_on", "issue_date", "issued_at"].first(where: columns.contains)
        guard let issued else { return [] }
        let revokedMarkers = ["revoked_at", "revoked_on", "revoked"].filter(columns.contains)
        let occupation = columns.contains("occupation_code") ? "occupation_code" : nil
        var select = ["number", "level", "\(issued) AS issued"]
        if let occupation { select.append("\(occupation) AS occupation") }
        let revokedExpression = revokedMarkers.isEmpty
            ? "0" : revokedMarkers.map { "(\($0) IS NOT NULL AND \($0) != 0)" }.joined(separator: " OR ")
        select.append("(\(revokedExpression)) AS is_revoked")
        let sql = "SELECT \(select.joined(separator: ", ")) FROM certificate WHERE person_id = ? ORDER BY \(issued)"
        return try Row.fetchAll(db, sql: sql, arguments: [personID]).compactMap { row in
            guard let number: String = row["number"], let levelValue: Int = row["level"],
                  let level = SkillLevel(rawValue: levelValue), let issuedText: String = row["issued"],
                  let day = try? Day(String(issuedText.prefix(10)))
            else { return nil }
            return HeldCertificate(
                number: number, occupationCode: row["occupation"] ?? HeldCertificate.coordinatorCode,
                level: level, issuedOn: day, origin: .issuedHere, revoked: (row["is_revoked"] as Int?) == 1)
        }
    }
}

/// The default subsidised-training source: reads `enrollment.subsidised_training` when that column exists
/// (with the course's level when `course.level` can be joined); none otherwise.
public struct EnrollmentTableSource: TrainingSubsidySource {
    /// The default source.
    public init() {}

    /// The person's subsidised enrolments; none when the table or the flag column is missing.
    public func subsidisedTrainings(_ db: Database, personID: Int64) throws -> [SubsidisedTraining] {
        guard try db.tableExists("enrollment") else { return [] }
        let columns = Set(try db.columns(in: "enrollment").map(\.name))
        guard columns.contains("person_id"), columns.contains("subsidised_training") else { return [] }
        var levelJoin = ""
        var levelColumn = "NULL"
        if columns.contains("course_id"), try db.tableExists("course"),
           try db.columns(in: "course").contains(where: { $0.name == "level" }) {
            levelJoin = " LEFT JOIN course c ON c.id = e.course_id"
            levelColumn = "c.level"
        }
        let sql = """
            SELECT \(levelColumn) AS level FROM enrollment e\(levelJoin)
            WHERE e.person_id = ? AND e.subsidised_training IS NOT NULL AND e.subsidised_training != 0
            """
        return try Row.fetchAll(db, sql: sql, arguments: [personID]).map { row in
            SubsidisedTraining(level: (row["level"] as Int?).flatMap(SkillLevel.init(rawValue:)))
        }
    }
}

/// The sources a decision reads facts from; the defaults read the tables defensively.
public struct SubsidySources: Sendable {
    /// Certificates issued here.
    public var issued: any IssuedCertificateSource
    /// Subsidised trainings.
    public var training: any TrainingSubsidySource

    /// Sources from their parts.
    public init(
        issued: any IssuedCertificateSource = CertificateTableSource(),
        training: any TrainingSubsidySource = EnrollmentTableSource()
    ) {
        self.issued = issued
        self.training = training
    }

    /// The default sources.
    public static let standard = SubsidySources()
}
