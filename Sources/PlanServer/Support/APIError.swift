import Foundation
import HTTPTypes
import Hummingbird
import PlanModel
import PlanService

/// Every error the server answers with, as `{"error": KIND, "message": TEXT, "reasons": [...]}`.
///
/// The one place where error kinds become statuses. A service error keeps its kind and reasons; a
/// stale change also carries the current plan (`"plan"`) and its `ETag`, so the client can redo
/// its change on what is stored now. Nothing here ever holds a stack trace, SQL or a file path of
/// the server: errors that are not the service's are answered as `internal` without detail.
public struct APIError: HTTPResponseError, Sendable {
    /// `bad_input`, `not_found`, … (SPEC's kinds), or the server's own `timeout` and `internal`.
    public var kind: String
    public var status: HTTPResponse.Status
    public var reasons: [String]
    public var fieldMessages: [String: String]
    /// For a conflict: the plan as stored now, and its revision.
    public var currentPlan: PlanEvaluation?
    public var currentRevision: Int?

    public init(kind: String, status: HTTPResponse.Status, reasons: [String], fieldMessages: [String: String] = [:]) {
        self.kind = kind; self.status = status; self.reasons = reasons; self.fieldMessages = fieldMessages
    }

    public init(_ error: ServiceError, currentPlan: PlanView? = nil) {
        self.init(kind: error.kind.description, status: Self.status(of: error.kind), reasons: error.reasons,
                  fieldMessages: error.fieldMessages)
        self.currentPlan = currentPlan?.evaluation
        self.currentRevision = currentPlan?.plan.revision
    }

    /// SPEC section 7's statuses.
    public static func status(of kind: ServiceError.Kind) -> HTTPResponse.Status {
        switch kind {
        case .badInput: return .badRequest
        case .unauthenticated: return .unauthorized
        case .forbidden: return .forbidden
        case .notFound: return .notFound
        case .refused: return .unprocessableContent
        case .conflict: return .preconditionFailed
        default: return .badRequest
        }
    }

    public static func badInput(_ reason: String) -> APIError { APIError(ServiceError.badInput(reason)) }

    /// Any error a handler or middleware threw, as the server answers it.
    public static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError: return error
        case let error as ServiceError: return APIError(error)
        case let error as HTTPError:
            let kind = error.status == .notFound ? "not_found" : error.status.code < 500 ? "bad_input" : "internal"
            let reason = error.body ?? (error.status == .notFound ? "Nothing is served at this path" : error.status.reasonPhrase)
            return APIError(kind: kind, status: error.status, reasons: [reason])
        case let error as any HTTPResponseError where error.status.code < 500:
            return APIError(kind: error.status == .notFound ? "not_found" : "bad_input", status: error.status,
                            reasons: [error.status.reasonPhrase])
        default:
            return .internal
        }
    }

    /// The answer to an error the server did not expect: it is logged, never shown.
    public static let `internal` = APIError(kind: "internal", status: .internalServerError,
                                            reasons: ["The server failed to answer this request; its log has the details"])

    /// One sentence summing the error up, as the service words it: the only reason, or how many there are.
    public var message: String {
        if reasons.count == 1 { return reasons[0] }
        return kind == "refused" ? "Refused for \(reasons.count) reasons" : "\(reasons.count) problems"
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let currentRevision { headers[.eTag] = APIResponse.etag(currentRevision) }
        // RFC 6750: every 401 names the scheme that would be accepted.
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try APIResponse.encode(Body(self)))))
    }

    /// `{"error", "message", "reasons"}`, with `"fields"` for a refused form and `"plan"` for a conflict.
    struct Body: Encodable {
        let error: APIError
        init(_ error: APIError) { self.error = error }
        enum CodingKeys: String, CodingKey { case error, message, reasons, fields, plan }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(error.kind, forKey: .error)
            try c.encode(error.message, forKey: .message)
            try c.encode(error.reasons, forKey: .reasons)
            if !error.fieldMessages.isEmpty { try c.encode(error.fieldMessages, forKey: .fields) }
            if let plan = error.currentPlan { try c.encode(plan, forKey: .plan) }
        }
    }
}
