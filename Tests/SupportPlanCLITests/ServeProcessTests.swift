import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The real `supportplan serve` process, as a script or a service manager drives it: it says where it
/// listens first, stops cleanly on SIGTERM and SIGINT without dropping a request in flight, and answers a
/// request that does not finish within its time limit with 503. Each server listens on 127.0.0.1 only and
/// is stopped by its own pid; every wait is bounded.
@Suite struct ServeProcessTests {
    /// A workspace whose SQLite database holds one client and no users: the server acts as the local administrator.
    private func workspaceWithoutUsers() throws -> Workspace {
        let ws = try Workspace(demo: false)
        try ws.assertCommand(["client", "import", try ws.write("one.json", #"[{"id": "C-0001", "name": "Ada Nguyen"}]"#)])
        return ws
    }

    @Test func servingOnPortZeroSaysWhereItListensFirstAndAnswersHealthz() throws {
        let ws = try workspaceWithoutUsers()
        let server = try ServeProcess(ws)
        let first = server.stdout.split(separator: "\n").first.map(String.init)
        #expect(first == "listening on http://127.0.0.1:\(server.port)")
        #expect(server.port > 0)

        let health = try server.connect().exchange("GET", "/healthz")
        #expect(health.status == 200)
        #expect(health.object["status"] as? String == "ok", "\(health)")
        #expect(server.stop() == 0, "\(server.stderr)")
    }

    /// The slow request is a body that stops halfway: the server has its head (it answered the request sent in the
    /// same write before it), so it is in flight when the signal arrives; the rest of the body is sent only once
    /// the server has stopped accepting connections, that is, once it is shutting down.
    @Test(arguments: [SIGTERM, SIGINT])
    func aSignalWhileARequestIsInFlightAnswersThatRequestThenExitsZero(signal: Int32) throws {
        let ws = try workspaceWithoutUsers()
        let server = try ServeProcess(ws)
        let body = #"[{"id": "C-0002", "name": "Ron Walsh"}]"#
        let half = body.utf8.count / 2
        let request = HTTPConnection.request("POST", "/api/v1/clients", body: body)
        let connection = try server.connect()
        try connection.send(HTTPConnection.request("GET", "/healthz") + String(request.dropLast(body.count - half)))
        #expect(try connection.answer().status == 200)

        server.signal(signal)
        #expect(server.waitUntilNotAccepting(), "the server still accepts connections 60 s after the signal")
        try connection.send(String(body.dropFirst(half)))
        let answer = try connection.answer()
        #expect(answer.status == 200, "\(answer)\n\(server.stderr)")
        #expect(server.waitForExit() == 0, "the server did not exit 0 within 60 s of answering\n\(server.stderr)")
        // The answered import is in the database.
        try ws.assertCommand(["client", "show", "C-0002"], stdout: ["Ron Walsh"])
    }

    @Test func aRequestWhoseBodyStopsComingIsAnswered503AtTheTimeLimitAndChangesNothing() throws {
        let ws = try workspaceWithoutUsers()
        let server = try ServeProcess(ws, ["--time-limit", "1"])
        defer { server.stop() }
        let before = try ws.dump()
        let body = #"[{"id": "C-0002", "name": "Ron Walsh"}]"#
        let request = HTTPConnection.request("POST", "/api/v1/clients", body: body)
        let connection = try server.connect()
        // The body never finishes: only the server's limit can end this request.
        try connection.send(String(request.dropLast(10)))
        let answer: HTTPAnswer
        do { answer = try connection.answer() } catch { throw ToolError("\(error)\n--- the server's log\n\(server.stderr)") }
        #expect(answer.status == 503, "\(answer)")
        #expect(answer.object["error"] as? String == "timeout")
        #expect(answer.object["message"] as? String
                == "Receiving the request body took longer than the server's limit of 1.0 seconds; nothing was changed")
        // The server then ends the connection, and goes on serving: a body read left running after the answer
        // once took the whole process down here.
        #expect(connection.waitForClose())
        #expect(server.process.isRunning, "\(server.stderr)")
        #expect(try server.connect().exchange("GET", "/healthz").status == 200)
        #expect(try ws.dump() == before)
    }
}
