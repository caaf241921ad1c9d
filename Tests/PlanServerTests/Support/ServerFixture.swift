import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PlanModel
import PlanServer
import PlanService
import PlanStore
import Synchronization

/// The server's router over a fresh SQLite file holding the demo (SP-000001 active, SP-000002 its
/// review draft), with the package's sample Rules and a fixed date and clock.
final class ServerFixture: Sendable {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let folder: URL
    let store: SQLitePlanStore
    let runner: ServiceRunner

    init(settings: ServerSettings = ServerFixture.settings, demo: Bool = true) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("supportplan-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        keepsFolder = false
        store = try SQLitePlanStore(path: folder.appendingPathComponent("plans.sqlite").path)
        let rules = try RulesCache(folder: Self.packageRoot.appendingPathComponent("Rules"))
        let service = SupportPlanService(store: store, rules: rules, credentials: Credentials(passwordCost: 4))
        if demo { try Demo.run(service: service.call(as: Self.tester)) { _ in } }
        runner = ServiceRunner(service: service, settings: settings)
    }

    /// A server over a copy of the SQLite file at `base` (with its `-wal`), so a test may change it.
    init(settings: ServerSettings = ServerFixture.settings, copying base: URL) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("supportplan-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        keepsFolder = false
        let path = folder.appendingPathComponent("plans.sqlite").path
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: base.path + suffix) {
            try FileManager.default.copyItem(atPath: base.path + suffix, toPath: path + suffix)
        }
        (store, runner) = try Self.server(path: path, settings: settings)
    }

    /// A second server on `other`'s database (its own store connection and service), as two
    /// `serve` processes on one file; the folder stays `other`'s to remove.
    init(settings: ServerSettings, reopening other: ServerFixture) throws {
        folder = other.folder
        keepsFolder = true
        (store, runner) = try Self.server(path: folder.appendingPathComponent("plans.sqlite").path, settings: settings)
    }

    /// A store on the SQLite file at `path` and a runner over it with the sample Rules.
    private static func server(path: String, settings: ServerSettings) throws -> (SQLitePlanStore, ServiceRunner) {
        let store = try SQLitePlanStore(path: path)
        let rules = try RulesCache(folder: packageRoot.appendingPathComponent("Rules"))
        return (store, ServiceRunner(service: SupportPlanService(store: store, rules: rules, credentials: Credentials(passwordCost: 4)),
                                     settings: settings))
    }

    private let keepsFolder: Bool

    deinit { if !keepsFolder { try? FileManager.default.removeItem(at: folder) } }

    static let tester = Caller(user: "tester", today: "2026-11-28", now: { "2026-11-28T09:00:00.000Z" })
    static let settings = ServerSettings(today: { "2026-11-28" }, now: { "2026-11-28T10:00:00.000Z" })

    /// The application over the whole router, for `app.test(.router)`. Tests of other things act as
    /// the demo's admin without credentials; `authenticated: true` builds the router as `serve` does.
    func app(logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
             authenticated: Bool = false) -> some ApplicationProtocol {
        let router = PlanServerApp.router(runner: runner, logger: logger,
                                          authenticator: authenticated ? nil : SingleUserAuthenticator(user: "admin"))
        return PlanServerApp.application(router: router, host: "127.0.0.1", port: 0, settings: runner.settings, logger: logger)
    }

    /// Runs `test` against the router.
    func test<T>(authenticated: Bool = false, _ test: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        try await app(authenticated: authenticated).test(.router, test)
    }

    /// The service as `name` (a demo user), to add users, passwords and tokens.
    func call(as name: String) -> ServiceCall { runner.service.call(as: Caller(user: name, today: "2026-11-28", now: { "2026-11-28T09:00:00.000Z" })) }

    func dump() throws -> String { try store.contentDump() }
}

/// A log handler that keeps every message, for tests of what the request log says.
final class LogLines: LogHandler, Sendable {
    private let lines = Mutex<[String]>([])
    private let levels = Mutex<[Logger.Level]>([])
    var text: String { lines.withLock { $0.joined(separator: "\n") } }
    /// Each message with its level, as `info: GET /healthz 200 0.3ms user=-`.
    var leveled: [String] { zip(levels.withLock { $0 }, lines.withLock { $0 }).map { "\($0): \($1)" } }

    var metadata: Logger.Metadata { get { [:] } set {} }
    var logLevel: Logger.Level { get { .trace } set {} }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? { get { nil } set {} }

    func log(event: LogEvent) {
        levels.withLock { $0.append(event.level) }
        lines.withLock { $0.append("\(event.message)") }
    }
}

extension TestResponse {
    /// The body parsed as JSON.
    var json: Any { (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView), options: [.fragmentsAllowed])) ?? NSNull() }
    var object: [String: Any] { json as? [String: Any] ?? [:] }
    var array: [Any] { json as? [Any] ?? [] }
    var text: String { String(decoding: body.readableBytesView, as: UTF8.self) }
}

extension TestClientProtocol {
    /// A request with a JSON body (text as given, so tests can send malformed JSON).
    func send(_ uri: String, _ method: HTTPRequest.Method, json: String? = nil, headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}
