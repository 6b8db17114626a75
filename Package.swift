// swift-tools-version:6.2
import PackageDescription

/// One set of compiler settings for every target, as Hummingbird's and NIO's manifests do.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Concord",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "concord", targets: ["concord"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
    ],
    targets: [
        // System libraries, brought in the way GRDB brings SQLite.
        .systemLibrary(name: "COpenSSL", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CQREncode", providers: [.apt(["libqrencode-dev"])]),

        // Shipped resources: the numbered SQL migrations and the certificate template(s).
        .target(
            name: "ConcordMigrations", path: "Migrations",
            resources: [.copy("sql")], swiftSettings: swiftSettings),
        .target(
            name: "CertificateTemplates", path: "Certificates",
            resources: [.copy("templates")], swiftSettings: swiftSettings),

        .target(name: "Model", dependencies: ["COpenSSL"], swiftSettings: swiftSettings),
        .target(
            name: "Storage",
            dependencies: [
                "Model", "ConcordMigrations",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "CSV", package: "CSV.swift"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "Signing",
            dependencies: ["Model", "COpenSSL"],
            swiftSettings: swiftSettings),
        .target(name: "Catalog", dependencies: ["Model", "Storage"], swiftSettings: swiftSettings),
        .target(
            name: "Enrollment",
            dependencies: [
                "Model", "Storage", "Catalog", "CertificateTemplates",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "Certification",
            dependencies: [
                "Model", "Storage", "Catalog", "Signing", "CQREncode", "CertificateTemplates",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "Subsidy",
            dependencies: [
                "Model", "Storage", "Catalog", "Enrollment", "Certification",
                .product(name: "CSV", package: "CSV.swift"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "Competition",
            dependencies: [
                "Model", "Storage", "Catalog", "CertificateTemplates",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "Coverage",
            dependencies: [
                "Model", "Storage", "Catalog", "Certification", "CertificateTemplates",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "Verifier",
            dependencies: [
                "Model", "Storage", "Signing", "Certification", "CertificateTemplates",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "ConcordCLI",
            dependencies: [
                "Model", "Storage", "Signing", "Catalog", "Enrollment", "Certification", "Subsidy",
                "Competition", "Coverage", "Verifier",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(name: "concord", dependencies: ["ConcordCLI"], swiftSettings: swiftSettings),

        .testTarget(name: "ModelTests", dependencies: ["Model"], swiftSettings: swiftSettings),
        .testTarget(
            name: "StorageTests",
            dependencies: ["Storage", "Model", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CatalogTests",
            dependencies: ["Catalog", "Storage", "Model", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "VerifierTests",
            dependencies: [
                "Verifier", "Model", "Certification", "Catalog", "Signing", "Storage",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CoverageTests",
            dependencies: ["Coverage", "Catalog", "Storage", "Model", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "EnrollmentTests",
            dependencies: ["Enrollment", "Catalog", "Storage", "Model", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "SigningTests",
            dependencies: ["Signing", "Model", .product(name: "JWTKit", package: "jwt-kit")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CertificationTests",
            dependencies: [
                "Certification", "Signing", "Catalog", "Storage", "Model",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "JWTKit", package: "jwt-kit"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CompetitionTests",
            dependencies: [
                "Competition", "Catalog", "Storage", "Model", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "SubsidyTests",
            dependencies: ["Subsidy", "Catalog", "Storage", "Model", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ReliabilityTests",
            dependencies: [
                "Certification", "Signing", "Catalog", "Storage", "Model", "Verifier",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CLITests",
            dependencies: ["ConcordCLI", "Model", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings),
    ]
)
