import PlanModel

/// A caller's view of a `LuaRules` that keeps what the hooks print, for tracing.
///
/// The log belongs to this view, made for one operation, never to the shared engine: two callers
/// tracing at once each see only their own evaluations' lines.
public final class LoggingRules: RulesEngine {
    public let rules: LuaRules
    let sink = LogLines()

    public init(_ rules: LuaRules) {
        self.rules = rules
    }

    /// What hooks printed in every evaluation asked through this view, in order.
    public var log: [String] { sink.lines }

    public func evaluate(_ input: RulesInput) -> RulesVerdict {
        rules.evaluate(input, log: sink)
    }

    public func defaults(_ input: RulesInput, for refs: [InstanceRef]) -> DefaultsOutcome {
        rules.defaults(input, for: refs, log: sink)
    }

    public func candidates(_ input: RulesInput, for ref: InstanceRef, among records: [ClientRecord]) -> CandidatesOutcome {
        rules.candidates(input, for: ref, among: records, log: sink)
    }

    public func form(_ input: RulesInput, recordType: RecordType, for ref: InstanceRef?) -> FormOutcome {
        rules.form(input, recordType: recordType, for: ref, log: sink)
    }

    public func validate(_ input: RulesInput, recordType: RecordType, values: FieldValues, for ref: InstanceRef?) -> ValidationOutcome {
        rules.validate(input, recordType: recordType, values: values, for: ref, log: sink)
    }
}

/// Lines printed by hooks, collected for one caller.
final class LogLines {
    var lines: [String] = []
}
