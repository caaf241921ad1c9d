import Foundation
import PlanModel

/// An evaluation with its compact JSON — the body of `GET /api/v1/plans/{id}` — encoded the first time
/// it is asked for and kept beside the evaluation in the cache, so reads served from the cache do not
/// encode the same answer again. The JSON is a function of the evaluation alone, so it is as exact as
/// the cache entry it belongs to.
public final class EncodedEvaluation: @unchecked Sendable {
    public let evaluation: PlanEvaluation
    /// Guards `json`; the `@unchecked Sendable` rests on it.
    private let lock = NSLock()
    private var json: Data?

    init(_ evaluation: PlanEvaluation) { self.evaluation = evaluation }

    /// The evaluation as `ServiceJSON.encoder(pretty: false)` encodes it (through `ServiceJSON.evaluationEncoder()`).
    public func compactJSON() throws -> Data {
        if let json = lock.withLock({ json }) { return json }
        let data = try ServiceJSON.evaluationEncoder().encode(evaluation)
        lock.withLock { json = data }
        return data
    }
}
