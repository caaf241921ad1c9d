import Hummingbird
import PlanService

extension Request {
    /// `?dry_run=true`: report what would change and change nothing.
    public func dryRun() throws -> Bool { try flag("dry_run") }

    /// A true-or-false query parameter, false when absent.
    public func flag(_ name: String) throws -> Bool {
        guard let value = uri.queryParameters[Substring(name)] else { return false }
        switch value.lowercased() {
        case "true", "1", "": return true
        case "false", "0": return false
        default: throw APIError.badInput("Query parameter '\(name)' must be true or false, not '\(value)'")
        }
    }

    /// The revision an `If-Match: "N"` header expects; nil without one (or with `*`).
    public func expectedRevision() throws -> Int? {
        guard let raw = headers[.ifMatch]?.trimmingCharacters(in: .whitespaces), raw != "*" else { return nil }
        var tag = Substring(raw)
        if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
        if tag.hasPrefix("\""), tag.hasSuffix("\""), tag.count >= 2 { tag = tag.dropFirst().dropLast() }
        guard let revision = Int(tag), revision >= 0 else {
            throw APIError.badInput("If-Match must be one plan ETag such as \"3\" (as a plan's ETag header gives it), not \(raw)")
        }
        return revision
    }

    /// A query parameter's text, nil when absent or empty.
    public func query(_ name: String) -> String? {
        guard let value = uri.queryParameters[Substring(name)], !value.isEmpty else { return nil }
        return String(value)
    }
}

extension APIRequestContext {
    /// A path parameter the route declares.
    public func path(_ name: String) throws -> String {
        guard let value = parameters.get(name) else { throw APIError.badInput("The path has no \(name)") }
        return value
    }

    /// `{item}` as the service names it: `key~N` is instance N (`key#N`), since `#` cannot be in a path.
    public func item() throws -> String {
        let raw = try path("item")
        guard !raw.contains("#") else { throw APIError.badInput("Item '\(raw)': write instance N as key~N in a path") }
        return raw.replacingOccurrences(of: "~", with: "#")
    }
}
