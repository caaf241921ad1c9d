import Hummingbird

/// The web session's cookie: the session id, HttpOnly (scripts never see it), SameSite=Strict (other
/// sites' requests never carry it), for the whole site. No `Secure`: the server speaks plain HTTP on
/// loopback; behind a TLS proxy the proxy should add it.
enum SessionCookie {
    static let name = "sp_session"

    /// The session id a request carries, when it has the form of one (64 hex digits).
    static func value(of request: Request) -> String? {
        guard let value = request.cookies[name]?.value, value.count == 64, value.allSatisfy(\.isHexDigit) else { return nil }
        return value
    }

    static func set(_ id: String) -> String { "\(name)=\(id); Path=/; HttpOnly; SameSite=Strict" }

    /// Tells the browser to forget the cookie.
    static let clear = "\(name)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
}
