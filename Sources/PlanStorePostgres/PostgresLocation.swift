import Foundation
import NIOCore
import NIOSSL
import PlanStore
import PostgresNIO

/// A `postgres://USER[:PASS]@HOST[:PORT]/DB[?OPTIONS]` URL read into what the store connects with.
///
/// Options: `schema=NAME` keeps the store's tables in that schema (created when missing);
/// `pool_max=N` caps the connections one process opens (default 8); `pool_timeout=S` is how long a
/// transaction waits for a free connection before it is refused (default 30 s); `connect_timeout=S`
/// (default 10 s); `sslmode=disable|prefer|require` (default `prefer`, as libpq).
struct PostgresLocation: Sendable {
    var host: String
    var port: Int
    var username: String
    var password: String?
    var database: String
    var schema: String?
    var maximumConnections = 8
    var poolTimeout: Double = 30
    var connectTimeout: Double = 10
    var sslMode = "prefer"

    /// `host:port/db`, for messages: never the password.
    var display: String { "\(host):\(port)/\(database)" }

    init(_ url: String) throws {
        func bad(_ why: String) -> StoreError {
            StoreError(.io, "The PostgreSQL URL is not usable: \(why) (expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE)")
        }
        guard let parts = URLComponents(string: url), ["postgres", "postgresql"].contains(parts.scheme ?? "") else {
            throw bad("it is not a URL")
        }
        guard let host = parts.host, !host.isEmpty else { throw bad("it names no host") }
        guard let user = parts.user, !user.isEmpty else { throw bad("it names no user") }
        let database = String(parts.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw bad("it names no database") }
        self.host = host
        port = parts.port ?? 5432
        username = user.removingPercentEncoding ?? user
        password = parts.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
        for item in parts.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "schema":
                // A schema is an identifier, which SQL cannot bind: only plain lower-case names are accepted.
                guard value.range(of: "^[a-z_][a-z0-9_]{0,62}$", options: .regularExpression) != nil else {
                    throw bad("schema '\(value)' must be lower-case letters, digits and _")
                }
                schema = value
            case "pool_max":
                guard let n = Int(value), (1...100).contains(n) else { throw bad("pool_max must be 1 to 100") }
                maximumConnections = n
            case "pool_timeout":
                guard let s = Double(value), s > 0, s <= 3600 else { throw bad("pool_timeout must be seconds, above 0") }
                poolTimeout = s
            case "connect_timeout":
                guard let s = Double(value), s > 0, s <= 3600 else { throw bad("connect_timeout must be seconds, above 0") }
                connectTimeout = s
            case "sslmode":
                guard ["disable", "prefer", "require"].contains(value) else { throw bad("sslmode must be disable, prefer or require") }
                sslMode = value
            default:
                throw bad("unknown option '\(item.name)'")
            }
        }
    }

    private var startupParameters: [(String, String)] {
        // Every connection finds the store's tables through its search path; a writer waiting longer than
        // 30 s for the write lock (a stuck or nested writer) is refused rather than left waiting for ever.
        // The application name says which store a session belongs to in `pg_stat_activity`.
        [("lock_timeout", "30s"), ("application_name", "supportplan" + (schema.map { "/" + $0 } ?? ""))]
            + (schema.map { [("search_path", $0)] } ?? [])
    }

    private var tls: PostgresConnection.Configuration.TLS {
        get throws {
            switch sslMode {
            case "disable": return .disable
            case "require": return .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            default: return .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        }
    }

    /// The configuration of the pooled client.
    func clientConfiguration() -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "require": tls = .require(.makeClientConfiguration())
        default: tls = .prefer(.makeClientConfiguration())
        }
        var config = PostgresClient.Configuration(host: host, port: port, username: username, password: password,
                                                  database: database, tls: tls)
        config.options.maximumConnections = maximumConnections
        config.options.minimumConnections = 0
        config.options.connectTimeout = .milliseconds(Int64(connectTimeout * 1000))
        config.options.connectionIdleTimeout = .seconds(60)
        config.options.additionalStartupParameters = startupParameters
        return config
    }

    /// The configuration of the one connection that migrates the schema when the store opens.
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var config = PostgresConnection.Configuration(host: host, port: port, username: username, password: password,
                                                      database: database, tls: try tls)
        config.options.connectTimeout = .milliseconds(Int64(connectTimeout * 1000))
        config.options.additionalStartupParameters = startupParameters
        return config
    }
}
