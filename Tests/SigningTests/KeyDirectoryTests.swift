import Foundation
import Model
import Signing
import Testing

@Suite struct KeyDirectoryTests {
    @Test func savesWithMode0600InA0700FolderAndLoadsBack() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let keys = KeyDirectory(path: root.appendingPathComponent("keys").path)
        try keys.create()
        let folderMode = try FileManager.default.attributesOfItem(atPath: keys.path)[.posixPermissions] as? Int
        #expect(folderMode == 0o700)
        let key = try Ed25519PrivateKey.generate()
        let kid = try keys.save(key)
        #expect(kid == key.publicKey.kid)
        let fileMode = try FileManager.default.attributesOfItem(atPath: keys.file(kid: kid))[.posixPermissions] as? Int
        #expect(fileMode == 0o600)
        #expect(try keys.load(kid: kid).publicKey == key.publicKey)
        // Saving the same key again never overwrites the file.
        #expect(throws: ConcordError.self) { try keys.save(key) }
    }

    @Test func aKeyFileOthersCanReadIsRefused() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let keys = KeyDirectory(path: root.path)
        let kid = try keys.save(try Ed25519PrivateKey.generate())
        let file = keys.file(kid: kid)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        #expect(throws: ConcordError(
            "the key file has mode 644, so others can read it; run 'chmod 600 \(file)'", at: file)) {
            try keys.load(kid: kid)
        }
    }

    @Test func aMissingKeysFolderIsAnError() throws {
        let keys = KeyDirectory(path: "/nonexistent/concord-keys-\(UUID().uuidString)")
        #expect(throws: ConcordError.self) { try keys.load(kid: "0011223344556677") }
        #expect(throws: ConcordError.self) { try keys.save(try Ed25519PrivateKey.generate()) }
    }

    @Test func aFileHoldingAnotherKeyIsRefused() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let keys = KeyDirectory(path: root.path)
        let kid = try keys.save(try Ed25519PrivateKey.generate())
        try FileManager.default.moveItem(atPath: keys.file(kid: kid), toPath: keys.file(kid: "0000000000000000"))
        #expect(throws: ConcordError.self) { try keys.load(kid: "0000000000000000") }
    }
}
