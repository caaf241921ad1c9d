import PlanModel

extension FixtureExecution {
    /// Performs one step's action; a refusal is a difference unless the step expects it.
    mutating func perform(_ action: FixtureAction, path stepPath: String) {
        guard var bench else { return }
        // Fixtures store nothing; keeping the history would make each step copy all of it (quadratic).
        bench.forgetChanges()
        let path = "\(stepPath) (\(action.label))"
        let saved = bench
        var refusal: PlanRefusal?
        do {
            try apply(action, to: &bench)
        } catch {
            refusal = error
            bench = saved
        }
        self.bench = bench
        switch (refusal, action.refused) {
        case (nil, nil):
            break
        case (nil, .some(let expected)):
            if case .containing(let text) = expected {
                differences.append(FixtureDifference(path: path, expected: "refused with \(Rendered.string(text))", got: "done"))
            } else {
                differences.append(FixtureDifference(path: path, expected: "refused", got: "done"))
            }
        case (let refusal?, nil):
            differences.append(FixtureDifference(path: path, message: "refused: " + refusal.reasons.joined(separator: "; ")))
        case (let refusal?, .some(.containing(let text))):
            if !refusal.reasons.contains(where: { $0.contains(text) }) {
                differences.append(FixtureDifference(path: path, expected: "refused with \(Rendered.string(text))",
                                                     got: "refused: " + refusal.reasons.joined(separator: "; ")))
            }
        case (_?, .some(.any)):
            break
        }
    }

    private mutating func apply(_ action: FixtureAction, to bench: inout PlanWorkbench) throws(PlanRefusal) {
        let ref = action.ref ?? InstanceRef("")
        switch action.verb {
        case .set:
            try bench.set(ref, action.values.map { (key: $0.key, value: $0.value) })
        case .create:
            var values = FieldValues()
            for change in action.values { if let v = change.value { values[change.key] = v } }
            try bench.create(ref, values)
        case .link:
            try bench.link(ref, action.records)
        case .unlink:
            for id in action.records { try bench.unlink(ref, id) }
        case .complete:
            try bench.complete(ref)
        case .review:
            try bench.review(ref)
        case .notRequired:
            try bench.markNotRequired(ref, reason: action.reason)
        case .reinstate:
            try bench.reinstate(ref)
        case .add:
            let added = try bench.addInstance(ref.key, cloneOf: action.cloneOf)
            if let instance = bench.plan.instance(added) { defaultsGiven[added] = given(instance, client: bench.client) }
        case .remove:
            try bench.removeInstance(ref)
        case .activate:
            let previous = activePlan
            _ = try bench.activate(previousActive: previous)
            activePlan = nil
        case .startReview:
            let active = bench.plan
            reviews += 1
            let counter = self.counter
            let (draft, _) = try PlanWorkbench.startReview(
                of: active, newID: "\(Self.planID)-R\(reviews)", hasReviewDraft: false, template: template,
                recordTypes: recordTypes, rules: rules, client: bench.client, records: bench.records,
                today: fixture.today, user: Self.user, timestamp: timestamp, nextRecordID: { counter.next($0) },
                profile: profile)
            activePlan = active
            bench = draft
        }
    }
}
