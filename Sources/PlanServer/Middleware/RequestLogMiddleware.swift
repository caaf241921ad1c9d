import Foundation
import Hummingbird
import Logging

/// One log line per request: method, path, status, duration and acting user. Outermost, so it sees
/// every answer, errors included; it also turns every error into the `APIError` the client gets,
/// logging the ones the server did not expect (the client sees none of their detail) at error level.
/// An answer the server gives on purpose — a refusal, a `503 timeout` at the request time limit — is
/// the request line only, whatever its status.
public struct RequestLogMiddleware: RouterMiddleware {
    public typealias Context = APIRequestContext
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: response.status.code, since: start)
            return response
        } catch {
            let answer = APIError.from(error)
            if answer.kind == APIError.internal.kind {
                logger.error("request failed", metadata: ["method": "\(request.method)", "path": "\(request.uri.path)", "error": "\(String(reflecting: error))"])
            }
            log(request, context, status: answer.status.code, since: start)
            throw answer
        }
    }

    private func log(_ request: Request, _ context: Context, status: Int, since start: ContinuousClock.Instant) {
        let elapsed = start.duration(to: .now)
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        logger.info("\(request.method) \(request.uri.path) \(status) \(String(format: "%.1f", ms))ms user=\(context.user ?? "-")")
    }
}
