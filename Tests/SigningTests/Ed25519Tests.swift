import Foundation
import Model
import Signing
import Testing

@Suite struct Ed25519Tests {
    @Test func signsAndVerifiesAndRejectsAChangedMessage() throws {
        let key = try Ed25519PrivateKey.generate()
        let message = Array("职业技能等级证书".utf8)
        let signature = try key.sign(message)
        #expect(signature.count == 64)
        #expect(key.publicKey.verify(signature: signature, message: message))
        #expect(!key.publicKey.verify(signature: signature, message: message + [0]))
        var flipped = signature
        flipped[10] ^= 1
        #expect(!key.publicKey.verify(signature: flipped, message: message))
        #expect(!(try Ed25519PrivateKey.generate()).publicKey.verify(signature: signature, message: message))
    }

    @Test func pemRoundTripKeepsTheKey() throws {
        let key = try Ed25519PrivateKey.generate()
        let pem = try key.pemText()
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let again = try Ed25519PrivateKey(pem: pem)
        #expect(again.publicKey == key.publicKey)
        #expect(key.publicKey.kid.count == 16)
        #expect(key.publicKey.kid == Hex.encode(SHA256.digest(key.publicKey.raw).prefix(8)))
    }

    @Test func aKeyFromOtherSoftwareIsRefused() throws {
        #expect(throws: ConcordError.self) { try Ed25519PrivateKey(pem: "not a key") }
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ec = dir.appendingPathComponent("ec.pem").path
        _ = try shell("openssl", ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", ec])
        let text = try String(contentsOfFile: ec, encoding: .utf8)
        #expect(throws: ConcordError("the key is not an Ed25519 key", at: "ec")) {
            try Ed25519PrivateKey(pem: text, source: "ec")
        }
    }

    /// Concord signs; the stock `openssl pkeyutl -verify -rawin` checks the signature.
    @Test func opensslVerifiesConcordsSignature() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = try Ed25519PrivateKey.generate()
        let message = Array("eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJTMDAwMCJ9".utf8)
        let signature = try key.sign(message)
        let pub = dir.appendingPathComponent("pub.pem"), msg = dir.appendingPathComponent("msg")
        let sig = dir.appendingPathComponent("sig")
        try Data(key.publicKey.pem.utf8).write(to: pub)
        try Data(message).write(to: msg)
        try Data(signature).write(to: sig)
        let args = [
            "pkeyutl", "-verify", "-pubin", "-inkey", pub.path, "-rawin", "-in", msg.path, "-sigfile", sig.path,
        ]
        let ok = try shell("openssl", args)
        #expect(ok.status == 0, "\(ok.output)")
        #expect(ok.output.contains("Signature Verified Successfully"))
        try Data(message + [0x2E]).write(to: msg)
        #expect(try shell("openssl", args).status != 0)
    }

    /// `openssl genpkey` makes the key; Concord loads it, signs, and `openssl` agrees; `openssl` signs and
    /// Concord agrees.
    @Test func concordUsesAKeyMadeByOpenssl() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let keyFile = dir.appendingPathComponent("k.pem")
        #expect(try shell("openssl", ["genpkey", "-algorithm", "ed25519", "-out", keyFile.path]).status == 0)
        let key = try Ed25519PrivateKey(pem: try String(contentsOf: keyFile, encoding: .utf8))
        let pubFile = dir.appendingPathComponent("pub.pem")
        #expect(try shell("openssl", ["pkey", "-in", keyFile.path, "-pubout", "-out", pubFile.path]).status == 0)
        #expect(try String(contentsOf: pubFile, encoding: .utf8) == key.publicKey.pem)

        let msg = dir.appendingPathComponent("msg"), sig = dir.appendingPathComponent("sig")
        try Data("hello".utf8).write(to: msg)
        try Data(try key.sign(Array("hello".utf8))).write(to: sig)
        let verify = try shell("openssl", [
            "pkeyutl", "-verify", "-pubin", "-inkey", pubFile.path, "-rawin", "-in", msg.path, "-sigfile", sig.path,
        ])
        #expect(verify.status == 0, "\(verify.output)")

        let theirs = dir.appendingPathComponent("theirs")
        let signed = try shell("openssl", [
            "pkeyutl", "-sign", "-inkey", keyFile.path, "-rawin", "-in", msg.path, "-out", theirs.path,
        ])
        #expect(signed.status == 0, "\(signed.output)")
        let signature = [UInt8](try Data(contentsOf: theirs))
        #expect(key.publicKey.verify(signature: signature, message: Array("hello".utf8)))
        #expect(!key.publicKey.verify(signature: signature, message: Array("hellO".utf8)))
    }
}
