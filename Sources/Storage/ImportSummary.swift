/// What an import did: rows created and rows updated.
public struct ImportSummary: Sendable, Codable, Equatable {
    public var created = 0
    public var updated = 0

    public init(created: Int = 0, updated: Int = 0) {
        self.created = created
        self.updated = updated
    }

    /// The audit details of an import of `document`.
    public func details(_ document: CSVDocument) -> [String: String] {
        ["file": document.source, "encoding": document.encoding.rawValue,
         "created": String(created), "updated": String(updated)]
    }
}
