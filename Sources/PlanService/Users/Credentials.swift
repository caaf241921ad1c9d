import Crypto
import Foundation
import HummingbirdBcrypt

/// How passwords and API tokens are turned into what the store keeps: bcrypt for passwords (slow and
/// salted), SHA-256 for tokens (random, so a fast hash is enough). Neither text is kept or logged.
public struct Credentials: Sendable {
    /// bcrypt's cost, log2 of its rounds: 12 in use; tests may lower it to keep the suite fast.
    public var passwordCost: UInt8

    public init(passwordCost: UInt8 = 12) { self.passwordCost = max(4, min(31, passwordCost)) }

    /// The shortest password accepted, and the longest bcrypt reads in full (its limit is 72 bytes).
    public static let passwordLength = 8...72

    /// The bcrypt hash of `password`, after checking it is a password bcrypt can take whole.
    public func hash(password: String) throws(ServiceError) -> String {
        let bytes = password.utf8.count
        guard bytes >= Self.passwordLength.lowerBound else {
            throw .badInput("A password needs at least \(Self.passwordLength.lowerBound) characters")
        }
        guard bytes <= Self.passwordLength.upperBound else {
            throw .badInput("A password may be at most \(Self.passwordLength.upperBound) bytes long (bcrypt ignores the rest)")
        }
        guard !password.contains("\0") else { throw .badInput("A password may not contain a NUL character") }
        return Bcrypt.hash(password, cost: passwordCost)
    }

    /// Whether `password` is the one `hash` was made from. Takes bcrypt's time whether or not it matches.
    public func verify(password: String, hash: String) -> Bool {
        guard !password.contains("\0") else { return false }
        return Bcrypt.verify(password, hash: hash)
    }

    /// A hash to check a password against when the user does not exist, so that the answer takes as
    /// long as for a user who does: made once, from a password nobody holds.
    public static let decoyHash: String = Bcrypt.hash(UUID().uuidString, cost: 12)

    /// A new API token: `spt_` and 32 random bytes as hex, from the system's secure generator.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return "spt_" + bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// A new web session id: 32 random bytes as hex, from the system's secure generator.
    public static func newSessionID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }

    /// The lower-case hex SHA-256 of a token: what the store keeps and looks tokens up by.
    public static func hash(token: String) -> String {
        // Every API request hashes its bearer token: `String(format:)` per byte was 3 % of the server's
        // time in the load test, so the digits are written directly.
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(SHA256.byteCount * 2)
        for byte in SHA256.hash(data: Data(token.utf8)) {
            hex.append(digits[Int(byte >> 4)]); hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
