import Foundation
import Model

/// The keys folder: one `<kid>.pem` PKCS#8 file per private key, mode 0600, in a folder of mode 0700.
public struct KeyDirectory: Sendable {
    /// The folder.
    public let path: String

    /// The folder at `path` (nothing is touched until a method is called).
    public init(path: String) {
        self.path = path
    }

    /// The file that holds the key `kid`.
    public func file(kid: String) -> String {
        URL(fileURLWithPath: path).appendingPathComponent("\(kid).pem").path
    }

    /// Whether the folder exists.
    public var exists: Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    /// Creates the folder (mode 0700) when it is missing.
    public func create() throws {
        if exists { return }
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ConcordError("cannot create the keys folder: \(error.localizedDescription)", at: path)
        }
    }

    /// Writes `key` as `<kid>.pem`, created new with mode 0600 (never overwriting a file).
    @discardableResult
    public func save(_ key: Ed25519PrivateKey) throws -> String {
        guard exists else { throw ConcordError("the keys folder does not exist", at: path) }
        let kid = key.publicKey.kid
        let file = file(kid: kid)
        let bytes = Array(try key.pemText().utf8)
        let fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            throw ConcordError("cannot create the key file: \(String(cString: strerror(errno)))", at: file)
        }
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            throw ConcordError("cannot write the key file: \(String(cString: strerror(errno)))", at: file)
        }
        return kid
    }

    /// Loads the private key `kid`, refusing a file that group or others may read, and one whose public key
    /// is not `kid`.
    public func load(kid: String) throws -> Ed25519PrivateKey {
        guard exists else {
            throw ConcordError("the keys folder does not exist (run 'concord init' or pass --keys)", at: path)
        }
        let file = file(kid: kid)
        var info = stat()
        guard stat(file, &info) == 0 else {
            throw ConcordError("no private key file for key \(kid)", at: file)
        }
        guard info.st_mode & 0o077 == 0 else {
            let mode = String(info.st_mode & 0o777, radix: 8)
            throw ConcordError(
                "the key file has mode \(mode), so others can read it; run 'chmod 600 \(file)'", at: file)
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ConcordError("cannot read the key file", at: file)
        }
        let key = try Ed25519PrivateKey(pem: String(decoding: data, as: UTF8.self), source: file)
        guard key.publicKey.kid == kid else {
            throw ConcordError("the key file holds key \(key.publicKey.kid), not \(kid)", at: file)
        }
        return key
    }
}
