import PlanModel
import RulesReader
import PlanStore

/// `FIELD=VALUE` arguments of `item set`, `item create` and `record edit`.
public struct Assignment: Sendable, Equatable {
    public var key: String
    public var text: String
    /// A value from a JSON body (the HTTP API): read as the field's type, as client import reads
    /// values, rather than parsed from text. `null` unsets.
    public var json: JSONValue?

    public init(key: String, text: String) { self.key = key; self.text = text }
    public init(key: String, json: JSONValue) { self.key = key; self.text = ""; self.json = json }

    /// `{"field": value, ...}` of a JSON body, in key order.
    public static func from(json values: [String: JSONValue]) -> [Assignment] {
        values.sorted { $0.key < $1.key }.map { Assignment(key: $0.key, json: $0.value) }
    }

    /// Splits `FIELD=VALUE` at the first `=`.
    public static func parse(_ argument: String) throws(ServiceError) -> Assignment {
        guard let eq = argument.firstIndex(of: "="), eq != argument.startIndex else {
            throw .badInput("'\(argument)' is not FIELD=VALUE")
        }
        return Assignment(key: String(argument[..<eq]), text: String(argument[argument.index(after: eq)...]))
    }

    /// Reads each assignment as its field's type; an unknown field or an unreadable value is bad input.
    static func typed(_ assignments: [Assignment], fields: [FieldDefinition], owner: String,
                      extraKeys: Set<String> = []) throws(ServiceError) -> [(key: String, value: FieldValue?)] {
        var out: [(key: String, value: FieldValue?)] = []
        var problems: [String] = []
        for a in assignments {
            if extraKeys.contains(a.key) {
                switch a.json {
                case nil: out.append((a.key, a.text.isEmpty ? nil : .text(a.text)))
                case .null?: out.append((a.key, nil))
                case .string(let s)?: out.append((a.key, s.isEmpty ? nil : .text(s)))
                case let other?: problems.append("\(owner), field '\(a.key)': expected text, got \(other.kindDescription)")
                }
                continue
            }
            guard let field = fields.first(where: { $0.key == a.key }) else {
                problems.append("\(owner) has no field '\(a.key)' (its fields: \(fields.map(\.key).joined(separator: ", ")))")
                continue
            }
            if let json = a.json {
                switch FieldValueReader.read(json: json.foundationValue, as: field) {
                case .success(let value): out.append((a.key, value))
                case .failure(let error): problems.append("\(owner), field '\(a.key)': \(error.description)")
                }
                continue
            }
            do { out.append((a.key, try field.parse(a.text))) } catch { problems.append(error.description) }
        }
        guard problems.isEmpty else { throw .badInput(problems) }
        return out
    }
}

extension ServiceCall {
    func itemRef(_ text: String, in template: PlanTemplate) throws(ServiceError) -> (InstanceRef, TemplateItem) {
        guard let ref = InstanceRef(parsing: text) else { throw .badInput("'\(text)' is not an item (KEY or KEY#N, N from 1 to \(DataLimits.instancesPerItem))") }
        guard let item = template.item(ref.key) else {
            throw .badInput("Template '\(template.id)' has no item '\(ref.key)'")
        }
        return (ref, item)
    }

    /// An instance the plan has: an unknown `KEY#N` is bad input, like an unknown item.
    func instanceRef(_ text: String, in bench: PlanWorkbench) throws(ServiceError) -> (InstanceRef, TemplateItem) {
        let (ref, item) = try itemRef(text, in: bench.template)
        guard bench.plan.instance(ref) != nil else {
            throw .badInput("Plan \(bench.plan.id) has no instance '\(ref)' of item '\(ref.key)'")
        }
        return (ref, item)
    }

    /// Record ids that name no record at all are bad input; another client's record is a refusal.
    func requireRecordsExist(_ ids: [String]) throws {
        let unknown = try read { tx in try ids.filter { try tx.record(id: $0) == nil } }
        guard unknown.isEmpty else {
            throw ServiceError(.notFound, unknown.map { "No record with id '\($0)'" }, topic: .record, subject: unknown.first)
        }
    }

    /// Sets values of an item: `FIELD=VALUE` (empty VALUE unsets); a video item takes `url=…`.
    public func setValues(plan: String, item: String, _ assignments: [Assignment], dryRun: Bool = false) throws -> PlanChange {
        try change(plan, requiring: .workItems, dryRun: dryRun) { bench in
            let (ref, templateItem) = try instanceRef(item, in: bench)
            let typed = try Assignment.typed(assignments, fields: templateItem.fields, owner: "Item '\(ref)'",
                                             extraKeys: templateItem.kind == .video ? ["url"] : [])
            try bench.set(ref, typed)
        }
    }

    public func link(plan: String, item: String, records: [String], dryRun: Bool = false) throws -> PlanChange {
        try requireRecordsExist(records)
        let acting = try actingUser()
        return try change(plan, requiring: .linkRecords, dryRun: dryRun) { bench in
            let (ref, templateItem) = try instanceRef(item, in: bench)
            try authorizeRecords(.link, templateItem, acting)
            try bench.link(ref, records)
        }
    }

    public func unlink(plan: String, item: String, record: String, dryRun: Bool = false) throws -> PlanChange {
        try requireRecordsExist([record])
        let acting = try actingUser()
        return try change(plan, requiring: .linkRecords, dryRun: dryRun) { bench in
            let (ref, templateItem) = try instanceRef(item, in: bench)
            try authorizeRecords(.link, templateItem, acting)
            try bench.unlink(ref, record)
        }
    }

    /// Creates a record through the item's create-new form and links it.
    public func createRecord(plan: String, item: String, _ assignments: [Assignment], dryRun: Bool = false) throws -> PlanChange {
        let acting = try actingUser()
        return try change(plan, requiring: .createRecords, dryRun: dryRun) { bench in
            let (ref, templateItem) = try instanceRef(item, in: bench)
            try authorizeRecords(.create, templateItem, acting)
            let (_, form) = try bench.form(ref)
            let typed = try Assignment.typed(assignments, fields: form.fields, owner: "The form")
            var values = FieldValues()
            for (key, value) in typed { if let value { values[key] = value } }
            try bench.create(ref, values)
        }
    }

    /// The create-new form of an item: its record type, fields and defaults.
    public func form(plan: String, item: String) throws -> (RecordType, FormOutcome) {
        try read { tx in
            let loaded = try loadPlan(plan, tx)
            try authorizeRead(loaded.plan, tx)
            let bench = PlanWorkbench(template: loaded.template, recordTypes: loaded.recordTypes, rules: loaded.rules,
                                      plan: loaded.plan, client: loaded.client, records: loaded.records, today: today,
                                      user: user, timestamp: clock(), nextRecordID: { $0.recordID(number: 0) },
                                      profile: loaded.profile)
            let (ref, templateItem) = try itemRef(item, in: loaded.template)
            // A link-only item has no create-new form: `item create` would refuse it, so `item form` does too.
            if templateItem.kind == .records && !templateItem.actions.contains(.create) {
                throw ServiceError.refused("Item '\(ref)' does not allow creating new records, so it has no create-new form")
            }
            do throws(PlanRefusal) { return try bench.form(ref) } catch { throw ServiceError.refused(error.reasons) }
        }
    }

    /// The client's records an item may link: of its type, not yet linked, allowed by `candidates`.
    public func candidates(plan: String, item: String) throws -> [ClientRecord] {
        try read { tx in
            let loaded = try loadPlan(plan, tx)
            try authorizeRead(loaded.plan, tx)
            let (ref, templateItem) = try itemRef(item, in: loaded.template)
            guard templateItem.kind == .records, let type = templateItem.recordType else {
                throw ServiceError.refused("Item '\(ref)' does not link records")
            }
            let linked = loaded.plan.instance(ref)?.records ?? []
            let pool = loaded.records.filter { $0.type == type && !linked.contains($0.id) }
            let input = RulesInput(template: loaded.template, plan: loaded.plan, client: loaded.client,
                                   records: loaded.records, recordTypes: loaded.recordTypes, today: today, profile: loaded.profile)
            let outcome = loaded.rules.candidates(input, for: ref, among: pool)
            if !outcome.errors.isEmpty { throw ServiceError.refused(outcome.errors.map { "Rule error: \($0.description)" }) }
            return pool.filter { outcome.allowed.contains($0.id) }
        }
    }

    public func complete(plan: String, item: String, dryRun: Bool = false) throws -> PlanChange {
        try change(plan, requiring: .workItems, dryRun: dryRun) { bench in try bench.complete(try instanceRef(item, in: bench).0) }
    }

    public func review(plan: String, item: String, dryRun: Bool = false) throws -> PlanChange {
        try change(plan, requiring: .workItems, dryRun: dryRun) { bench in try bench.review(try instanceRef(item, in: bench).0) }
    }

    public func notRequired(plan: String, item: String, reason: String?, dryRun: Bool = false) throws -> PlanChange {
        try change(plan, requiring: .workItems, dryRun: dryRun) { bench in try bench.markNotRequired(try instanceRef(item, in: bench).0, reason: reason) }
    }

    public func reinstate(plan: String, item: String, dryRun: Bool = false) throws -> PlanChange {
        try change(plan, requiring: .workItems, dryRun: dryRun) { bench in try bench.reinstate(try instanceRef(item, in: bench).0) }
    }

    /// Adds another instance: a clone of instance `clone`, or blank with defaults when `clone` is nil.
    public func addInstance(plan: String, item: String, clone: Int?, dryRun: Bool = false) throws -> PlanChange {
        try change(plan, requiring: .workItems, dryRun: dryRun) { bench in
            let (ref, _) = try itemRef(item, in: bench.template)
            if let clone { _ = try instanceRef("\(ref.key)#\(clone)", in: bench) }
            try bench.addInstance(ref.key, cloneOf: clone)
        }
    }

    public func removeInstance(plan: String, item: String, dryRun: Bool = false) throws -> PlanChange {
        try change(plan, requiring: .workItems, dryRun: dryRun) { bench in try bench.removeInstance(try instanceRef(item, in: bench).0) }
    }
}
