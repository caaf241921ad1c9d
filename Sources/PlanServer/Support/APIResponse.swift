import Foundation
import HTTPTypes
import Hummingbird
import PlanModel
import PlanService

/// JSON answers in the CLI's one JSON style (`ServiceJSON`), compact on the wire.
public enum APIResponse {
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        try ServiceJSON.encoder(pretty: false).encode(value)
    }

    /// `"7"`: a plan's revision as an entity tag.
    public static func etag(_ revision: Int) -> String { "\"\(revision)\"" }

    public static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, etag revision: Int? = nil,
                                          location: String? = nil) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let revision { headers[.eTag] = etag(revision) }
        if let location { headers[.location] = location }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encode(value))))
    }

    /// A plan as `plan show --format json` prints it, with its revision as the `ETag`.
    public static func plan(_ view: PlanView) throws -> Response {
        let headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .eTag: etag(view.plan.revision)]
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try view.evaluationJSON())))
    }

    /// A change report; its `ETag` is the plan's new revision (none for a dry run, which stored nothing).
    /// Its body is `PlanChange.compactJSON()`: the evaluation's JSON as the evaluation cache keeps it.
    public static func change(_ change: PlanChange, status: HTTPResponse.Status = .ok, location: String? = nil) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if !change.dryRun {
            headers[.eTag] = etag(change.plan.revision)
            if let location { headers[.location] = location }
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try change.compactJSON())))
    }
}
