import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PlanModel
import PlanServer
import PlanService
import PlanStore

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
        store = try SQLitePlanStore(path: folder.appendingPathComponent("plans.sqlite").path)
        let rules = try RulesCache(folder: Self.packageRoot.appendingPathComponent("Rules"))
        let service = SupportPlanService(store: store, rules: rules)
        if demo { try Demo.run(service: service.call(as: Self.tester)) { _ in } }
        runner = ServiceRunner(service: service, settings: settings)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    static let tester = Caller(user: "tester", today: "2026-11-28", now: { "2026-11-28T09:00:00.000Z" })
    static let settings = ServerSettings(today: { "2026-11-28" }, now: { "2026-11-28T10:00:00.000Z" })

    /// The application over the whole router, as `serve` builds it, for `app.test(.router)`.
    func app(logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })) -> some ApplicationProtocol {
        let router = PlanServerApp.router(runner: runner, logger: logger)
        return PlanServerApp.application(router: router, host: "127.0.0.1", port: 0, settings: runner.settings, logger: logger)
    }

    /// Runs `test` against the router.
    func test<T>(_ test: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        try await app().test(.router, test)
    }

    func dump() throws -> String { try store.contentDump() }
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
