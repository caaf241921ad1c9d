import Crypto
import Foundation

/// Cross-site request forgery protection for every form: a signed double-submit token.
///
/// The browser holds a random value in an HttpOnly, SameSite=Strict cookie (`sp_csrf`); each form
/// carries HMAC-SHA256(server key, that value). A post is accepted only when its token is the
/// signature of its own cookie, so another site can neither read nor forge the pair. With sessions
/// the session id can be the signed value, which ties the token to the session.
struct CSRFGuard: Sendable {
    static let cookie = "sp_csrf"
    private let key: SymmetricKey

    init(key: SymmetricKey = SymmetricKey(size: .bits256)) { self.key = key }

    /// A new random value for the cookie.
    static func newValue() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(UInt8.random(in: 0...255, using: &generator), radix: 16).leftPadded(2) }.joined()
    }

    /// The token forms carry for this cookie value.
    func token(for value: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: key)
        return Data(mac).map { String($0, radix: 16).leftPadded(2) }.joined()
    }

    /// Whether `token` is the signature of `value`, compared in constant time.
    func accepts(token: String?, for value: String?) -> Bool {
        guard let token, let value, !value.isEmpty else { return false }
        let expected = Array(self.token(for: value).utf8), given = Array(token.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The `Set-Cookie` value that stores `value` for the whole site, unreadable by scripts.
    static func setCookie(_ value: String) -> String {
        "\(cookie)=\(value); Path=/; HttpOnly; SameSite=Strict"
    }
}
