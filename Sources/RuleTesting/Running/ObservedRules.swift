import PlanModel

/// Which hooks of each rules file ran, across every fixture of a run.
final class HookLedger {
    /// File → hook names run.
    private(set) var run: [String: Set<String>] = [:]

    func mark(_ hook: String, in file: String) { run[file, default: []].insert(hook) }
}

/// A template's rules as one fixture sees them: every answer passes through unchanged, while the
/// errors of `default` hooks (which the model applies silently) are kept for the fixture to judge,
/// and the hooks that ran are marked in a ledger when coverage is asked for.
final class ObservedRules: RulesEngine {
    let base: RulesEngine
    let file: String
    let defined: Set<String>
    let ledger: HookLedger?
    /// Errors of `default` hooks since the fixture last looked.
    var defaultErrors: [RuleError] = []

    init(base: RulesEngine, file: String, defined: Set<String>, ledger: HookLedger?) {
        self.base = base; self.file = file; self.defined = defined; self.ledger = ledger
    }

    private func mark(_ kind: HookKind, _ owner: String) {
        // Without coverage there is no ledger, and no hook name to make (a text per instance per `defaults` call).
        guard let ledger else { return }
        let hook = kind.qualifiedName(owner: owner)
        guard defined.contains(hook) else { return }
        ledger.mark(hook, in: file)
    }

    /// The chunk itself failed to run, so no hook did.
    private func chunkFailed(_ errors: [RuleError]) -> Bool {
        errors.contains { $0.hook == "load" && $0.scope == .plan }
    }

    func evaluate(_ input: RulesInput) -> RulesVerdict {
        let verdict = base.evaluate(input)
        guard ledger != nil, !chunkFailed(verdict.errors) else { return verdict }
        for section in input.template.sections { mark(.sectionVisible, section.key) }
        for instance in input.plan.instances {
            mark(.itemDefault, instance.key)   // every instance's, hidden or not (see LuaRules.evaluate)
            guard let section = input.template.section(containing: instance.key),
                  !verdict.hiddenSections.contains(section.key) else { continue }
            mark(.itemVisible, instance.key)
            if !verdict.hiddenItems.contains(instance.ref) { mark(.itemComplete, instance.key) }
        }
        mark(.planCanActivate, "")
        return verdict
    }

    func defaults(_ input: RulesInput, for refs: [InstanceRef]) -> DefaultsOutcome {
        let outcome = base.defaults(input, for: refs)
        defaultErrors += outcome.errors
        if !chunkFailed(outcome.errors) { for ref in refs { mark(.itemDefault, ref.key) } }
        return outcome
    }

    func candidates(_ input: RulesInput, for ref: InstanceRef, among records: [ClientRecord]) -> CandidatesOutcome {
        let outcome = base.candidates(input, for: ref, among: records)
        if !records.isEmpty && !chunkFailed(outcome.errors) { mark(.itemCandidates, ref.key) }
        return outcome
    }

    func form(_ input: RulesInput, recordType: RecordType, for ref: InstanceRef?) -> FormOutcome {
        let outcome = base.form(input, recordType: recordType, for: ref)
        if !chunkFailed(outcome.errors) {
            mark(.formFields, recordType.key)
            mark(.formDefaults, recordType.key)
        }
        return outcome
    }

    func validate(_ input: RulesInput, recordType: RecordType, values: FieldValues, for ref: InstanceRef?) -> ValidationOutcome {
        let outcome = base.validate(input, recordType: recordType, values: values, for: ref)
        if !chunkFailed(outcome.errors) { mark(.formValidate, recordType.key) }
        return outcome
    }
}
