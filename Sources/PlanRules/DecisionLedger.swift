import LuaBridge

/// Which way each instrumented `if`/`elseif` condition of a rules file went, across every evaluation
/// of the engine that records into it: the raw data of decision coverage. The conditions are numbered
/// by whoever instrumented the source; the engine only calls `record`.
///
/// Used from the one thread that runs the engine (fixture runs with coverage are single-threaded).
public final class DecisionLedger: @unchecked Sendable {
    /// Condition id → the outcomes seen (`true`, `false` or both).
    public private(set) var outcomes: [Int: Set<Bool>] = [:]

    public init() {}

    /// The name the instrumented source calls; the engine defines it for each evaluation.
    static let functionName = "__sp_decision"

    /// `__sp_decision(id, not (C))`: records C's truth and returns it, so the `if` goes the way it would have.
    var recorder: LuaHostValue {
        .function { [self] arguments in
            guard arguments.count == 2, case .integer(let id) = arguments[0], case .boolean(let negated) = arguments[1] else {
                return .value(.boolean(false))
            }
            outcomes[Int(id), default: []].insert(!negated)
            return .value(.boolean(!negated))
        }
    }
}
