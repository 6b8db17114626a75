import Foundation

/// The HTML templates shipped inside the binary (certificate, statements, verifier pages).
public enum TemplateFiles {
    /// The text of the template `name` (for example `certificate.html`), or nil when it is not shipped.
    public static func text(named name: String) -> String? {
        guard let folder = Bundle.module.url(forResource: "templates", withExtension: nil) else { return nil }
        return try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }
}
