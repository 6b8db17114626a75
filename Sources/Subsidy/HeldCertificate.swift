import Certification
import Enrollment
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

/// Where the certificates issued by this system come from (the certification module).
public protocol IssuedCertificateSource: Sendable {
    /// Every certificate issued here to the person, revoked ones included (marked as revoked).
    func certificates(_ db: Database, personID: Int64) throws -> [HeldCertificate]
}

/// Where the subsidised-training facts come from (the enrolment module).
public protocol TrainingSubsidySource: Sendable {
    /// The trainings the person took with a training subsidy.
    func subsidisedTrainings(_ db: Database, personID: Int64) throws -> [SubsidisedTraining]
}

/// Certificates issued by the certification module, revoked ones marked.
public struct CertificationSource: IssuedCertificateSource {
    /// The source.
    public init() {}

    /// The person's certificates issued here, oldest first.
    public func certificates(_ db: Database, personID: Int64) throws -> [HeldCertificate] {
        try Certificate.all(db, personID: personID).compactMap { certificate in
            guard let issued = try? Day(certificate.issuedOn) else { return nil }
            return HeldCertificate(
                number: certificate.number, occupationCode: certificate.occupation, level: certificate.level,
                issuedOn: issued, origin: .issuedHere, revoked: certificate.revokedOn != nil)
        }
    }
}

/// Subsidised trainings from the enrolment module: enrolments flagged `subsidisedTraining`, at their
/// course's level.
public struct EnrolmentSource: TrainingSubsidySource {
    /// The source.
    public init() {}

    /// The person's subsidised enrolments (withdrawn ones included: the subsidy was still drawn).
    public func subsidisedTrainings(_ db: Database, personID: Int64) throws -> [SubsidisedTraining] {
        try Enrolment.all(personID: personID, in: db).filter(\.subsidisedTraining).map { enrolment in
            SubsidisedTraining(level: try Course.fetchOne(db, key: enrolment.courseId)?.level)
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
        issued: any IssuedCertificateSource = CertificationSource(),
        training: any TrainingSubsidySource = EnrolmentSource()
    ) {
        self.issued = issued
        self.training = training
    }

    /// The default sources.
    public static let standard = SubsidySources()
}
