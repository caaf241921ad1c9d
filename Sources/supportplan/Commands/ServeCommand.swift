import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PlanServer
import PlanService
import ServiceLifecycle

/// `supportplan serve`: the HTTP API over the same service as every other command, for many
/// people at once. Runs until SIGINT or SIGTERM, then finishes the requests in flight.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API (and the web page) over the database and Rules folder.",
        discussion: """
        Prints `listening on http://HOST:PORT` first; --port 0 picks a free port. Logs one line per \
        request to stderr. Stops cleanly on SIGINT or SIGTERM.

        Example:
          supportplan serve --db demo.sqlite --rules Rules --port 8080
          curl http://127.0.0.1:8080/api/v1/plans/SP-000001
        """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The address to listen on (loopback by default).") var host = "127.0.0.1"
    @Option(help: "The port to listen on; 0 picks a free one.") var port = 8080
    @Option(help: ArgumentHelp("Refuse request bodies over this many bytes.", valueName: "bytes")) var bodyLimit = 1 << 20
    @Option(help: ArgumentHelp("Answer 503 to a request not answered within this many seconds.", valueName: "seconds"))
    var timeLimit = 30
    @Option(help: ArgumentHelp("Keep the evaluations of up to this many recent plan reads, so an unchanged plan read again does not re-run its rules (0 keeps none).",
                               valueName: "plans"))
    var evaluationCache = EvaluationCache.defaultCapacity

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port) is not a port (0 to 65535)") }
        guard bodyLimit > 0 else { throw ValidationError("--body-limit must be at least 1 byte") }
        guard timeLimit > 0 else { throw ValidationError("--time-limit must be at least 1 second") }
        guard evaluationCache >= 0 else { throw ValidationError("--evaluation-cache must be 0 or more plans") }
    }

    func run() async throws {
        let output = global.output
        var logger = Logger(label: "supportplan.server")
        logger.logLevel = global.logLevel ?? .info
        var service: ServiceCall?
        try CommandRunner.run(output) { service = try global.service(evaluationCacheSize: evaluationCache) }
        guard let service else { return }
        let today = global.today
        let settings = ServerSettings(bodyLimit: bodyLimit, requestTimeLimit: .seconds(timeLimit),
                                      today: { today ?? Caller.localToday() })
        let runner = ServiceRunner(service: service.service, settings: settings)
        let router = PlanServerApp.router(runner: runner, logger: logger)
        let host = self.host
        let app = PlanServerApp.application(router: router, host: host, port: port, settings: settings, logger: logger) { port in
            // Written straight to the file descriptor: the first line a script waits for must not sit in a buffer.
            FileHandle.standardOutput.write(Data("listening on http://\(host):\(port)\n".utf8))
        }
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
