import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// One web request as the pages see it: its CSRF cookie (made on first visit), the page context,
/// the posted form once read and checked, and the answers a page gives (HTML, a redirect).
struct WebRequest {
    let request: Request
    let context: APIRequestContext
    let csrf: CSRFGuard
    /// The cookie's value; new when the browser sent none (then the answer sets it).
    let cookieValue: String
    let isNewCookie: Bool
    init(_ request: Request, _ context: APIRequestContext, csrf: CSRFGuard) {
        self.request = request; self.context = context; self.csrf = csrf
        if let value = request.cookies[CSRFGuard.cookie]?.value, value.count == 64, value.allSatisfy(\.isHexDigit) {
            cookieValue = value; isNewCookie = false
        } else {
            cookieValue = CSRFGuard.newValue(); isNewCookie = true
        }
    }

    var page: PageContext {
        // The signed-in user's name and Sign out show only in an installation with users.
        PageContext(user: context.isSignedIn ? context.user : nil, roles: context.isSignedIn ? context.roles : [],
                    csrf: csrf.token(for: cookieValue))
    }

    func query(_ name: String) -> String? { request.uri.queryParameters.get(name) }

    func parameter(_ name: String) throws -> String {
        guard let value = context.parameters.get(name) else { throw HTTPError(.badRequest) }
        return value
    }

    /// Reads the posted form, refusing it (403) unless its token signs this browser's cookie.
    func form(limit: Int) async throws -> FormData {
        let buffer = try await request.body.collect(upTo: limit)
        let form = FormData(parsing: Substring(String(buffer: buffer)))
        guard !isNewCookie, csrf.accepts(token: form["csrf"], for: cookieValue) else { throw WebRequest.forgedForm }
        return form
    }

    struct ForgedForm: Error {}
    static let forgedForm = ForgedForm()

    /// A page: HTML that is never cached and can only load the server's own stylesheet.
    func html(_ node: Node, status: HTTPResponse.Status = .ok) -> Response {
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8",
            .cacheControl: "no-store",
            .contentSecurityPolicy: "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            .xContentTypeOptions: "nosniff",
            .referrerPolicy: "same-origin",
        ]
        if isNewCookie { headers[.setCookie] = CSRFGuard.setCookie(cookieValue) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: node.renderDocument())))
    }

    /// Post/redirect/get: a successful post answers 303 to the page that shows its result.
    func redirect(_ location: String) -> Response {
        var headers: HTTPFields = [.location: location, .cacheControl: "no-store"]
        if isNewCookie { headers[.setCookie] = CSRFGuard.setCookie(cookieValue) }
        return Response(status: .seeOther, headers: headers)
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
