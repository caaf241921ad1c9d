import Foundation
import HTTPTypes
import Hummingbird
import PlanService

/// Signing in and out of the web page (an installation with users). A single-user installation has
/// no sign-in page: it goes straight to the clients.
extension WebController {
    func signInPage(_ web: WebRequest) async throws -> Response {
        guard try await runner.perform({ try $0.hasUsers() }) else { return web.redirect(SignInPaths.home) }
        return web.html(SignInPage(user: "", error: nil, next: SignInPaths.localPath(web.query("next")), csrf: web.page.csrf).node)
    }

    /// Checks the form's CSRF token, then the password (unless this name and address failed too often),
    /// and answers with the session cookie and a redirect to the page asked for.
    func signIn(_ web: WebRequest) async throws -> Response {
        let form = try await web.form(limit: runner.settings.bodyLimit)
        let name = form["user"] ?? "", password = form["password"] ?? ""
        let next = SignInPaths.localPath(form["next"])
        let settings = runner.settings
        let now = settings.clock(), limits = settings.sessionLimits
        let key = SignInLimiter.key(name: name, address: web.context.remoteAddress)
        if let until = limiter.blockedUntil(key, now: now) {
            var response = web.html(MessagePage(title: "Too many failed sign-ins", lines: [
                "Signing in as this user from your address failed \(limiter.attempts) times, so it is paused.",
                "Try again after \(Self.clockTime(until)) UTC."], context: web.page).node, status: .tooManyRequests)
            response.headers[.retryAfter] = String(max(1, Int(until.timeIntervalSince(now).rounded(.up))))
            return response
        }
        do {
            let signedIn = try await runner.perform { try $0.startSession(name: name, password: password, at: now, limits: limits) }
            limiter.clear(key)
            web.context.user = signedIn.user.name  // the request log names who signed in
            var response = web.redirect(next)
            response.headers.append(HTTPField(name: .setCookie, value: SessionCookie.set(signedIn.sessionID)))
            return response
        } catch let error as ServiceError where error.kind == .unauthenticated || error.kind == .badInput {
            limiter.recordFailure(key, now: now)
            return web.html(SignInPage(user: name, error: "Wrong user name or password", next: next, csrf: web.page.csrf).node,
                            status: .unauthorized)
        }
    }

    /// Ends the session (the form is CSRF-checked like every other) and forgets the cookie.
    func signOut(_ web: WebRequest) async throws -> Response {
        _ = try await web.form(limit: runner.settings.bodyLimit)
        if let id = SessionCookie.value(of: web.request) { try await runner.perform { try $0.endSession(id: id) } }
        var response = web.redirect("/sign-in")
        response.headers.append(HTTPField(name: .setCookie, value: SessionCookie.clear))
        return response
    }

    /// `21:07`: when a paused sign-in may be tried again, in UTC.
    static func clockTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", c.hour!, c.minute!)
    }
}
