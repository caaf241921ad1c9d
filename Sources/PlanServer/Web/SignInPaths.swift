/// Where signing in starts and where it may lead back to: only a path on this server, so a link to
/// `/sign-in?next=https://elsewhere` (or `//elsewhere`, `/\elsewhere`) can't send people off-site.
enum SignInPaths {
    static let home = "/clients"

    /// The sign-in page, coming back to `next` afterwards when it is a local page.
    static func signIn(next: String?) -> String {
        guard let next, localPath(next) == next, next != home else { return "/sign-in" }
        return "/sign-in?next=" + Paths.component(next)
    }

    /// `next` when it is a path on this server other than signing in or out; otherwise the client list.
    static func localPath(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"),
              next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "\\" }),
              !next.hasPrefix("/sign-in"), !next.hasPrefix("/sign-out") else { return home }
        return next
    }
}
