import Model

/// Parses option values into model types, naming the option when the value is bad.
enum Parse {
    /// Runs `body`, giving a `ConcordError` it throws the location `option`.
    static func option<T>(_ option: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ConcordError {
            throw error.located(option)
        }
    }

    /// An optional value: nil stays nil.
    static func option<T>(_ option: String, _ text: String?, _ parse: (String) throws -> T) throws -> T? {
        guard let text else { return nil }
        return try self.option(option) { try parse(text) }
    }
}
