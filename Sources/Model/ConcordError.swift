/// An error the user can cause, printed as one line `error: <what> (<where>)`.
///
/// Every module throws this (or a type that converts to it) for bad input, so the command line prints a
/// single clear line and exits non-zero instead of crashing.
public struct ConcordError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong, for a person: "resident ID 360426199101010072 has a wrong check character".
    public var what: String
    /// Where: a file and line, a command option, a table row. Empty when nothing more precise is known.
    public var location: String
    /// Lines printed before the `error:` line, such as every bad row of an import.
    public var details: [String]

    public init(_ what: String, at location: String = "", details: [String] = []) {
        self.what = what
        self.location = location
        self.details = details
    }

    /// The one-line form, without the `error: ` prefix.
    public var description: String {
        location.isEmpty ? what : "\(what) (\(location))"
    }

    /// The same error with a location filled in when it had none.
    public func located(_ location: String) -> ConcordError {
        guard self.location.isEmpty else { return self }
        return ConcordError(what, at: location, details: details)
    }
}
