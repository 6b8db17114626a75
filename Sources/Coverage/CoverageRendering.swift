import CertificateTemplates
import Foundation
import Model
import Mustache
import Storage

/// The report as CSV and HTML (the table form is the CLI's, through its aligned-table printer).
extension CoverageReport {
    /// The column names of the units table and the CSV file.
    public static let unitColumns = [
        "unit", "kind", "path", "size", "employers", "required", "appointed", "certified", "shortfall", "status",
        "covered_by",
    ]

    /// One row of cells per unit, in `unitColumns` order (`certified` is `-` while unknown).
    public var unitRows: [[String]] {
        units.map { u in
            [u.unit, u.kind, u.path, u.size?.rawValue ?? "", u.employers.map(String.init) ?? "", String(u.required),
             String(u.appointed), certifiedSource == nil ? "-" : String(u.certified), String(u.shortfall),
             u.status.rawValue, u.coveredBy ?? ""]
        }
    }

    /// The column names of the rates table.
    public static let rateColumns = [
        "area", "level", "kind", "units", "met", "rate", "shortfall", "coordinators", "certified", "certified_rate",
    ]

    /// One row of cells per rate, in `rateColumns` order.
    public var rateRows: [[String]] {
        rates.map { r in
            [r.area.isEmpty ? "(all)" : r.area, r.level, r.kind, String(r.units), String(r.met), r.rate,
             String(r.shortfall), String(r.coordinators), certifiedSource == nil ? "-" : String(r.certified),
             certifiedSource == nil ? "-" : r.certifiedRate]
        }
    }

    /// A line saying where certified counts come from.
    public var certifiedNote: String {
        certifiedSource.map { "certified coordinators counted from the \($0)" }
            ?? "certified: unknown (no certificate lookup was given; JSON counts are 0)"
    }

    /// The units as RFC 4180 CSV (through CSV.swift), header first.
    public func csv() throws -> String {
        try CSVText.render(Self.unitColumns, unitRows)
    }

    /// The report as an HTML page from `Certificates/templates/coverage.html` (escaping by swift-mustache).
    public func html() throws -> String {
        guard let text = TemplateFiles.text(named: "coverage.html") else {
            throw ConcordError("the coverage template is missing from this build", at: "coverage.html")
        }
        let template = try MustacheTemplate(string: text)
        let context: [String: Any] = [
            "region": region.isEmpty ? "全部地区" : region,
            "on": on.description,
            "threshold": String(manyFirmsThreshold),
            "certifiedNote": certifiedNote,
            "unitColumns": Self.unitColumns,
            "units": unitRows.enumerated().map { i, cells in
                ["cells": cells, "short": units[i].status == .short] as [String: Any]
            },
            "rateColumns": Self.rateColumns,
            "rates": rateRows.map { ["cells": $0] },
            "shortfalls": shortfalls.map { ["unit": $0.unit, "kind": $0.kind, "path": $0.path,
                                            "shortfall": String($0.shortfall)] },
        ]
        return template.render(context)
    }
}
