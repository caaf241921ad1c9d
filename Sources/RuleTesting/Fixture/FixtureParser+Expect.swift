import PlanModel
import RulesReader

extension FixtureParser.Context {
    static let expectKeys = ["visible", "sections_visible", "defaults", "values", "complete", "candidates", "progress",
                             "can_activate", "forms", "errors", "status"]
    static let progressKeys = ["percent", "done", "total", "sections"]
    static let completeKeys = ["ok", "messages"]
    static let formKeys = ["item", "fields", "defaults", "submit", "errors"]
    static let errorKeys = ["item", "section", "form", "plan", "hook", "message"]

    mutating func expectations(_ node: YAMLNode, path: String) -> Expectations? {
        guard let entries = reader.entries(node, path: path, known: Self.expectKeys) else { return nil }
        var expect = Expectations(path: path)
        for entry in entries {
            switch entry.key {
            case "visible":
                expect.visible = perInstance(entry) { (this: inout Self, e: RulesFileReader.Entry, _: InstanceRef, _: TemplateItem) -> Bool? in this.reader.bool(e.value, path: e.path) }
            case "sections_visible":
                for e in reader.entries(entry.value, path: entry.path) ?? [] {
                    if let key = section(e.key, at: e.keyNode, path: e.path), let b = reader.bool(e.value, path: e.path) {
                        expect.sectionsVisible.append((key, b))
                    }
                }
            case "defaults":
                expect.defaults = perInstance(entry) { (this: inout Self, e: RulesFileReader.Entry, _: InstanceRef, item: TemplateItem) -> ExpectedDefault? in this.expectedDefault(e, item: item) }
            case "values":
                expect.values = perInstance(entry) { (this: inout Self, e: RulesFileReader.Entry, _: InstanceRef, item: TemplateItem) -> ExpectedDefault? in this.expectedDefault(e, item: item) }
            case "complete":
                expect.complete = perInstance(entry) { (this: inout Self, e: RulesFileReader.Entry, _: InstanceRef, _: TemplateItem) -> ExpectedCheck? in this.expectedCheck(e) }
            case "candidates":
                expect.candidates = perInstance(entry) { (this: inout Self, e: RulesFileReader.Entry, ref: InstanceRef, item: TemplateItem) -> [String]? in
                    guard item.kind == .records else {
                        this.reader.report("item '\(ref.key)' is a \(item.kind.rawValue) item; only records items have candidates", at: e.keyNode, path: e.path)
                        return nil
                    }
                    return this.reader.textList(e.value, path: e.path)?.map(\.text)
                }
            case "progress":
                expect.progress = progress(entry)
            case "can_activate":
                expect.canActivate = reader.bool(entry.value, path: entry.path)
            case "forms":
                for e in reader.entries(entry.value, path: entry.path) ?? [] {
                    if let form = form(e) { expect.forms.append(form) }
                }
            case "errors":
                expect.errors = (reader.list(entry.value, path: entry.path) ?? []).compactMap { ruleError($0.node, path: $0.path) }
            case "status":
                guard let text = reader.text(entry.value, path: entry.path) else { continue }
                if let status = SupportPlan.Status(rawValue: text) { expect.status = status } else {
                    let all = SupportPlan.Status.allCases.map(\.rawValue)
                    reader.report("unknown plan status '\(text)'" + RulesFileReader.suggestion(for: text, among: all, listing: true),
                                  at: entry.value, path: entry.path)
                }
            default: break
            }
        }
        return expect
    }

    /// A mapping of item instance → something, each instance checked against the template.
    mutating func perInstance<T>(_ entry: RulesFileReader.Entry,
                                 _ read: (inout Self, RulesFileReader.Entry, InstanceRef, TemplateItem) -> T?) -> [(ref: InstanceRef, value: T)] {
        let entries = reader.entries(entry.value, path: entry.path) ?? []
        var out: [(ref: InstanceRef, value: T)] = []
        out.reserveCapacity(entries.count)
        for e in entries {
            guard let (ref, item) = instance(e.key, at: e.keyNode, path: e.path) else { continue }
            if let value = read(&self, e, ref, item) { out.append((ref, value)) }
        }
        return out
    }

    mutating func expectedDefault(_ e: RulesFileReader.Entry, item: TemplateItem) -> ExpectedDefault? {
        switch item.kind {
        case .profile, .fields:
            return changes(e.value, path: e.path, fields: item.fields, owner: "item '\(item.key)'").map { .values($0) }
        case .video:
            if RulesFileReader.isNull(e.value) { return .url(nil) }
            guard let url = reader.text(e.value, path: e.path) else { return nil }
            return .url(url)
        case .records:
            guard let ids = reader.textList(e.value, path: e.path) else { return nil }
            return .records(ids.map(\.text))
        }
    }

    mutating func expectedCheck(_ e: RulesFileReader.Entry) -> ExpectedCheck? {
        if case .mapping = e.value {
            guard let entries = reader.entries(e.value, path: e.path, known: Self.completeKeys) else { return nil }
            var ok: Bool?
            var messages: [String]?
            for m in entries {
                if m.key == "ok" { ok = reader.bool(m.value, path: m.path) }
                if m.key == "messages" { messages = reader.textList(m.value, path: m.path, allowSingle: true)?.map(\.text) }
            }
            guard let resolved = ok ?? messages.map({ $0.isEmpty }) else {
                reader.report("expected 'ok' or 'messages'", at: e.value, path: e.path)
                return nil
            }
            return ExpectedCheck(ok: resolved, messages: messages)
        }
        return reader.bool(e.value, path: e.path).map { ExpectedCheck(ok: $0, messages: nil) }
    }

    mutating func progress(_ entry: RulesFileReader.Entry) -> ExpectedProgress? {
        guard let entries = reader.entries(entry.value, path: entry.path, known: Self.progressKeys) else { return nil }
        var p = ExpectedProgress()
        for e in entries {
            switch e.key {
            case "percent": p.percent = reader.integer(e.value, path: e.path, minimum: 0)
            case "done": p.done = reader.integer(e.value, path: e.path, minimum: 0)
            case "total": p.total = reader.integer(e.value, path: e.path, minimum: 0)
            case "sections":
                for s in reader.entries(e.value, path: e.path) ?? [] {
                    if let key = section(s.key, at: s.keyNode, path: s.path), let percent = reader.integer(s.value, path: s.path, minimum: 0) {
                        p.sections.append((key, percent))
                    }
                }
            default: break
            }
        }
        return p
    }

    mutating func form(_ entry: RulesFileReader.Entry) -> ExpectedForm? {
        guard let type = recordType(entry.key, at: entry.keyNode, path: entry.path) else { return nil }
        guard let entries = reader.entries(entry.value, path: entry.path, known: Self.formKeys) else { return nil }
        var form = ExpectedForm(recordType: type.key)
        form.ref = template.items.first { $0.recordType == type.key }.map { InstanceRef($0.key) }
        for e in entries {
            switch e.key {
            case "item":
                guard let text = reader.text(e.value, path: e.path), let (ref, item) = instance(text, at: e.value, path: e.path) else { continue }
                if item.recordType != type.key {
                    reader.report("item '\(ref.key)' does not link \(type.key) records", at: e.value, path: e.path)
                } else {
                    form.ref = ref
                }
            case "fields":
                form.fields = reader.textList(e.value, path: e.path)?.map(\.text)
            case "defaults":
                form.defaults = changes(e.value, path: e.path, fields: type.fields, owner: "form '\(type.key)'", allowUnknown: true)
            case "submit":
                form.submit = changes(e.value, path: e.path, fields: type.fields, owner: "form '\(type.key)'", allowUnknown: true)
            case "errors":
                var errors: [String: String] = [:]
                for m in reader.entries(e.value, path: e.path) ?? [] {
                    if let message = reader.text(m.value, path: m.path) { errors[m.key] = message }
                }
                form.errors = errors
            default: break
            }
        }
        return form
    }

    mutating func ruleError(_ node: YAMLNode, path: String) -> ExpectedRuleError? {
        guard let entries = reader.entries(node, path: path, known: Self.errorKeys) else { return nil }
        var scope: RuleError.Scope?
        var hook: String?
        var message: String?
        var scopes = 0
        for e in entries {
            switch e.key {
            case "item":
                scopes += 1
                if let text = reader.text(e.value, path: e.path), let (ref, _) = instance(text, at: e.value, path: e.path) { scope = .item(ref) }
            case "section":
                scopes += 1
                if let text = reader.text(e.value, path: e.path), let key = section(text, at: e.value, path: e.path) { scope = .section(key) }
            case "form":
                scopes += 1
                if let text = reader.text(e.value, path: e.path), let type = recordType(text, at: e.value, path: e.path) { scope = .form(type.key) }
            case "plan":
                scopes += 1
                if reader.bool(e.value, path: e.path) == true { scope = .plan }
            case "hook": hook = reader.text(e.value, path: e.path)
            case "message": message = reader.text(e.value, path: e.path)
            default: break
            }
        }
        guard scopes == 1 else {
            reader.report("a rule error names exactly one of item, section, form or plan: true", at: node, path: path)
            return nil
        }
        guard let scope else { return nil }
        return ExpectedRuleError(scope: scope, hook: hook, message: message)
    }
}
