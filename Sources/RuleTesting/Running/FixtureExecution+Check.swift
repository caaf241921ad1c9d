import PlanModel

extension FixtureExecution {
    mutating func differ(_ path: String, expected: String, got: String) {
        differences.append(FixtureDifference(path: path, expected: expected, got: got))
    }

    /// Compares the plan now with one `expect` mapping.
    mutating func check(_ expect: Expectations) {
        guard let bench else { return }
        let evaluation = bench.evaluate()
        let p = expect.path
        // The evaluation re-runs `default` hooks, so an error seen when an instance was made is seen again there.
        var observed = rules.defaultErrors.filter { !evaluation.errors.contains($0) } + evaluation.errors
        rules.defaultErrors = []

        for (ref, visible) in expect.visible {
            guard let item = evaluation.item(ref) else { differ("\(p).visible.\(ref)", expected: "\(visible)", got: "no instance \(ref)"); continue }
            if item.visible != visible { differ("\(p).visible.\(ref)", expected: "\(visible)", got: "\(item.visible)") }
        }
        for (key, visible) in expect.sectionsVisible {
            guard let section = evaluation.section(key) else { continue }
            if section.visible != visible { differ("\(p).sections_visible.\(key)", expected: "\(visible)", got: "\(section.visible)") }
        }
        for (ref, expected) in expect.defaults { checkDefault(ref, expected, path: "\(p).defaults.\(ref)") }
        for (ref, expected) in expect.values { checkValues(ref, expected, path: "\(p).values.\(ref)") }
        for (ref, expected) in expect.complete {
            let path = "\(p).complete.\(ref)"
            guard let item = evaluation.item(ref) else { differ(path, expected: "\(expected.ok)", got: "no instance \(ref)"); continue }
            if let messages = expected.messages {
                if item.check.ok != expected.ok { differ(path + ".ok", expected: "\(expected.ok)", got: "\(item.check.ok)") }
                if item.check.messages != messages {
                    differ(path + ".messages", expected: Rendered.strings(messages), got: Rendered.strings(item.check.messages))
                }
            } else if item.check.ok != expected.ok {
                let why = item.check.messages.isEmpty ? "" : " " + Rendered.strings(item.check.messages)
                differ(path, expected: "\(expected.ok)", got: "\(item.check.ok)\(why)")
            }
        }
        for (ref, ids) in expect.candidates {
            let path = "\(p).candidates.\(ref)"
            guard let instance = bench.plan.instance(ref), let type = template.item(ref.key)?.recordType else {
                differ(path, expected: Rendered.strings(ids), got: "no instance \(ref)"); continue
            }
            let unlinked = bench.records.filter { $0.type == type && !instance.records.contains($0.id) }
            let outcome = rules.candidates(bench.input, for: ref, among: unlinked)
            observed += outcome.errors
            if outcome.allowed.sorted() != ids.sorted() {
                differ(path, expected: Rendered.strings(ids.sorted()), got: Rendered.strings(outcome.allowed.sorted()))
            }
        }
        if let progress = expect.progress {
            let actual = evaluation.progress
            if let v = progress.percent, v != actual.percent { differ("\(p).progress.percent", expected: "\(v)", got: "\(actual.percent)") }
            if let v = progress.done, v != actual.done { differ("\(p).progress.done", expected: "\(v)", got: "\(actual.done)") }
            if let v = progress.total, v != actual.total { differ("\(p).progress.total", expected: "\(v)", got: "\(actual.total)") }
            for (key, percent) in progress.sections {
                guard let section = evaluation.section(key) else { continue }
                if section.progress.percent != percent {
                    differ("\(p).progress.sections.\(key)", expected: "\(percent)", got: "\(section.progress.percent)")
                }
            }
        }
        if let expected = expect.canActivate, expected != evaluation.canActivate {
            let why = evaluation.blockers.isEmpty ? "" : " (" + evaluation.blockers.joined(separator: "; ") + ")"
            differ("\(p).can_activate", expected: "\(expected)", got: "\(evaluation.canActivate)\(why)")
        }
        for form in expect.forms { observed += checkForm(form, path: "\(p).forms.\(form.recordType)") }
        if let status = expect.status, status != bench.plan.status {
            differ("\(p).status", expected: status.rawValue, got: bench.plan.status.rawValue)
        }
        checkErrors(expect, observed: observed)
    }

    mutating func checkDefault(_ ref: InstanceRef, _ expected: ExpectedDefault, path: String) {
        guard let given = defaultsGiven[ref] else { differ(path, expected: "defaults", got: "no instance \(ref)"); return }
        compare(given, expected, path: path)
    }

    /// Compares what an instance shows now: for a `profile` item the live profile, with defaults where it is blank.
    mutating func checkValues(_ ref: InstanceRef, _ expected: ExpectedDefault, path: String) {
        guard let bench, let instance = bench.plan.instance(ref) else { differ(path, expected: "values", got: "no instance \(ref)"); return }
        let shown = DefaultsGiven(values: bench.input.shownValues(of: instance), url: instance.url, records: instance.records)
        compare(shown, expected, path: path)
    }

    mutating func compare(_ given: DefaultsGiven, _ expected: ExpectedDefault, path: String) {
        switch expected {
        case .values(let changes):
            for change in changes where given.values[change.key] != change.value {
                differ("\(path).\(change.key)", expected: Rendered.value(change.value), got: Rendered.value(given.values[change.key]))
            }
        case .url(let url):
            if given.url != url { differ(path, expected: url.map(Rendered.string) ?? "unset", got: given.url.map(Rendered.string) ?? "unset") }
        case .records(let ids):
            if given.records != ids { differ(path, expected: Rendered.strings(ids), got: Rendered.strings(given.records)) }
        }
    }

    /// Compares a create-new form; returns the rule errors its hooks raised.
    mutating func checkForm(_ expected: ExpectedForm, path: String) -> [RuleError] {
        guard let bench, let type = recordTypes[expected.recordType] else { return [] }
        let form = rules.form(bench.input, recordType: type, for: expected.ref)
        var errors = form.errors
        if let fields = expected.fields, fields != form.fields.map(\.key) {
            differ(path + ".fields", expected: Rendered.strings(fields), got: Rendered.strings(form.fields.map(\.key)))
        }
        for change in expected.defaults ?? [] where form.defaults[change.key] != change.value {
            differ("\(path).defaults.\(change.key)", expected: Rendered.value(change.value), got: Rendered.value(form.defaults[change.key]))
        }
        if expected.submit != nil || expected.errors != nil {
            // As the create action submits: the form's defaults, then what was typed; blanks are left out.
            var values = form.defaults
            for change in expected.submit ?? [] {
                let field = form.fields.first { $0.key == change.key }
                values[change.key] = change.value.map { field?.coerce($0) ?? $0 }
            }
            values = values.filter { !$0.value.isBlank }
            let outcome = bench.formMessages(type: type, form: form, values: values, ref: expected.ref)
            for error in outcome.errors where !errors.contains(error) { errors.append(error) }
            if let want = expected.errors {
                for key in Set(want.keys).union(outcome.messages.keys).sorted() where want[key] != outcome.messages[key] {
                    differ("\(path).errors.\(key)", expected: want[key].map(Rendered.string) ?? "no message",
                           got: outcome.messages[key].map(Rendered.string) ?? "no message")
                }
            }
        }
        return errors
    }

    /// Expected rule errors must have happened; any other rule error is a difference.
    mutating func checkErrors(_ expect: Expectations, observed: [RuleError]) {
        var unique: [RuleError] = []
        for error in observed where !unique.contains(error) { unique.append(error) }
        if let listed = expect.errors {
            allowedErrors = listed
            for (i, wanted) in listed.enumerated() where !unique.contains(where: wanted.matches) {
                differ("\(expect.path).errors[\(i)]", expected: wanted.description, got: unique.isEmpty ? "no rule error" : "no such rule error")
            }
        }
        for error in unique where !allowedErrors.contains(where: { $0.matches(error) }) {
            // One error that persists through the steps is one difference naming where it was seen, not one per step.
            if let seen = unexpectedErrors.firstIndex(where: { $0.error == error }) {
                unexpectedErrors[seen].paths.append(expect.path)
                let entry = unexpectedErrors[seen]
                differences[entry.difference].message = "expected no other rule error, got \(error.description)"
                    + " (also at \(entry.paths.dropFirst().joined(separator: ", ")))"
            } else {
                unexpectedErrors.append((error, [expect.path], differences.count))
                differ("\(expect.path).errors", expected: "no other rule error", got: error.description)
            }
        }
    }
}
