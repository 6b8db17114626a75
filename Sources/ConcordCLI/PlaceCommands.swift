import ArgumentParser
import Catalog
import Coverage
import Foundation
import Model
import Storage

/// `concord place add|import|sync|list|threshold`.
struct PlaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "place",
        abstract: "The region tree: cities, districts, townships/streets, communities/villages and parks.",
        subcommands: [Add.self, Import.self, Sync.self, List.self, Threshold.self])

    struct Add: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a place (missing ancestors are created) or set its many-firms flag.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Path, city first: 杭州市/西湖区/文新街道; a park: 杭州市/西湖区/<park name>.") var path: String
        @Option(help: "city, district, township, community or park (default: by the path's depth).") var kind: String?
        @Option(name: .customLong("many-firms"), help: "Park/township: yes, no or auto (decide by employer count).")
        var manyFirms: String?
        func run(_ context: CommandContext) async throws {
            let input = try PlaceInput(
                path: try Parse.option("--path") { try RegionPath(path) },
                kind: try Parse.option("--kind", kind, Place.Kind.init),
                manyFirms: try Parse.option("--many-firms") { try PlaceInput.manyFirms(manyFirms) })
            let (place, created) = try context.store.savePlace(input)
            if context.json { return try context.printJSON(place) }
            print("\(place.kind.rawValue) \(place.path) \(created ? "added" : "updated")")
        }
    }

    struct Import: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import places from CSV (path[,kind,many_firms]); all or nothing.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The CSV file (UTF-8, UTF-8 with BOM, or GB18030).") var file: String
        @Flag(name: .customLong("dry-run"), help: "Check every row, write nothing.") var dryRun = false
        func run(_ context: CommandContext) async throws {
            let document = try CSVDocument(path: file, required: ["path"])
            let summary = try context.store.importPlaces(document, dryRun: dryRun)
            try printImport(summary, context: context, noun: "places", dryRun: dryRun)
        }
    }

    struct Sync: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store the places the employers' regions and parks imply that are not stored yet.")
        @OptionGroup var global: GlobalOptions
        func run(_ context: CommandContext) async throws {
            let created = try context.store.syncPlaces()
            if context.json { return try context.printJSON(["created": created]) }
            print("places created from employers: \(created)")
        }
    }

    struct List: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "List places (stored and implied by employers) with employer counts and quotas.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only places under this path.") var region: String?
        func run(_ context: CommandContext) async throws {
            let places = try context.store.places(inRegion: region)
            if context.json { return try context.printJSON(places) }
            Output.printTable(
                ["path", "kind", "many firms", "employers", "required"],
                places.map {
                    [$0.path, $0.kind.rawValue, $0.manyFirms.map { $0 ? "yes" : "no" } ?? "auto",
                     String($0.employers), $0.required.map(String.init) ?? ""]
                })
        }
    }

    struct Threshold: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show or set the employer count from which a park or township has many firms (default 50).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The new threshold.") var set: Int?
        func run(_ context: CommandContext) async throws {
            if let set { try context.store.setManyFirmsThreshold(set) }
            let value = try context.store.manyFirmsThreshold()
            if context.json { return try context.printJSON(["manyFirmsThreshold": value]) }
            print("many-firms threshold: \(value) employers")
        }
    }
}
