import PlanModel

/// Runs one parsed fixture against one template's rules, in memory: sets the plan up, checks every
/// expectation and performs every step, collecting each difference.
struct FixtureExecution {
    static let planID = "SP-FIXTURE"
    static let user = "fixture"

    /// What an instance got from its defaults when it was made.
    struct DefaultsGiven {
        var values: FieldValues
        var url: String?
        var records: [String]
    }

    let fixture: Fixture
    let template: PlanTemplate
    let recordTypes: RecordTypeCatalog
    /// profile.yaml's fields: rules read the profile by them, as on a server.
    let profile: ProfileSchema
    let rules: ObservedRules
    let counter: RecordIDCounter
    var differences: [FixtureDifference] = []
    var bench: PlanWorkbench?
    /// The active plan a review draft reviews.
    var activePlan: SupportPlan?
    var reviews = 0
    var defaultsGiven: [InstanceRef: DefaultsGiven] = [:]
    /// The rule errors the last `expect` listing `errors` allows.
    var allowedErrors: [ExpectedRuleError] = []
    /// Each rule error no `expect` allowed, the checks it was seen at, and its difference.
    var unexpectedErrors: [(error: RuleError, paths: [String], difference: Int)] = []

    init(fixture: Fixture, template: PlanTemplate, recordTypes: RecordTypeCatalog, profile: ProfileSchema, rules: ObservedRules) {
        // A fixture proves a template before it is published, so its status doesn't stop plan creation.
        var runnable = template
        runnable.status = .active
        self.fixture = fixture; self.template = runnable; self.recordTypes = recordTypes; self.profile = profile; self.rules = rules
        self.counter = RecordIDCounter(existing: fixture.records)
    }

    var timestamp: String { "\(fixture.today)T00:00:00Z" }

    mutating func run() {
        guard setUp() else { return }
        check(fixture.expect ?? Expectations(path: "expect"))
        for step in fixture.steps {
            if let action = step.action { perform(action, path: step.path) }
            if let expect = step.expect { check(expect) }
        }
        if !fixture.steps.isEmpty, fixture.steps.last?.expect == nil {
            // Rule errors the last steps caused still fail the fixture.
            check(Expectations(path: "after steps"))
        }
    }

    // MARK: Setting up

    mutating func setUp() -> Bool {
        let counter = self.counter
        let created: PlanWorkbench
        do {
            created = try PlanWorkbench.create(
                id: Self.planID, template: template, recordTypes: recordTypes, rules: rules, client: fixture.client,
                records: fixture.records, goalAttainmentPlan: fixture.goalAttainmentPlan,
                behaviourSupportPlan: fixture.behaviourSupportPlan, today: fixture.today, user: Self.user,
                timestamp: timestamp, nextRecordID: { counter.next($0) }, profile: profile)
        } catch {
            differences.append(FixtureDifference(path: "plan", message: "refused: " + error.reasons.joined(separator: "; ")))
            return false
        }
        var plan = created.plan
        var client = created.client
        defaultsGiven.reserveCapacity(plan.instances.count)
        for instance in plan.instances { defaultsGiven[instance.ref] = given(instance, client: client) }

        // Where the search for the next set-up instance starts: just after the last one found, as a fixture's items
        // mostly follow the template's order (a search from the start each time was 2 % of a 1,000-fixture run).
        var from = 0
        for setup in fixture.items {
            guard let item = template.item(setup.ref.key) else { continue }
            var found = Self.index(of: setup.ref, in: plan.instances, from: from)
            if found == nil {
                addInstances(upTo: setup.ref, in: &plan, client: client)
                found = Self.index(of: setup.ref, in: plan.instances, from: 0)
            }
            guard let index = found else { continue }
            from = index + 1
            plan.instances[index].values.reserveCapacity(plan.instances[index].values.count + setup.values.count)
            for change in setup.values {
                if item.kind == .profile {
                    client.profile[change.key] = change.value
                    if change.value == nil { plan.instances[index].values[change.key] = nil }
                } else {
                    plan.instances[index].values[change.key] = change.value
                }
            }
            if let records = setup.records { plan.instances[index].records = records }
            if setup.hasURL { plan.instances[index].url = setup.url }
            if let status = setup.status { plan.instances[index].status = status }
            if let reason = setup.reason { plan.instances[index].notRequiredReason = reason }
        }
        // A profile item marked done holds a snapshot of what it was completed with.
        let shown = RulesInput(template: template, plan: plan, client: client, records: fixture.records,
                               recordTypes: recordTypes, today: fixture.today, profile: profile)
        for i in plan.instances.indices where plan.instances[i].status == .complete || plan.instances[i].status == .reviewed {
            if template.item(plan.instances[i].key)?.kind == .profile {
                plan.instances[i].snapshot = shown.shownValues(of: plan.instances[i])
            }
        }
        let workbench = PlanWorkbench(template: template, recordTypes: recordTypes, rules: rules, plan: plan, client: client,
                                      records: fixture.records, today: fixture.today, user: Self.user, timestamp: timestamp,
                                      nextRecordID: { counter.next($0) }, profile: profile)
        bench = workbench
        return true
    }

    /// The position of the instance `ref` in `instances`, searched from `start` to the end and then from the beginning.
    static func index(of ref: InstanceRef, in instances: [ItemInstance], from start: Int) -> Int? {
        let start = min(start, instances.count)
        return instances[start...].firstIndex { $0.ref == ref } ?? instances[..<start].firstIndex { $0.ref == ref }
    }

    /// Creates the missing instances of `ref`'s item up to `ref`, each with its defaults, as Add Another (blank) would.
    mutating func addInstances(upTo ref: InstanceRef, in plan: inout SupportPlan, client: Client) {
        guard let item = template.item(ref.key) else { return }
        let highest = plan.instances(of: ref.key).map(\.instance).max() ?? 0
        guard highest < ref.instance else { return }
        var added: [InstanceRef] = []
        for number in (highest + 1)...ref.instance {
            let insertAt = (plan.instances.lastIndex { $0.key == ref.key } ?? plan.instances.count - 1) + 1
            plan.instances.insert(ItemInstance(key: ref.key, instance: number), at: insertAt)
            added.append(InstanceRef(ref.key, number))
        }
        let input = RulesInput(template: template, plan: plan, client: client, records: fixture.records,
                               recordTypes: recordTypes, today: fixture.today, profile: profile)
        let outcome = rules.defaults(input, for: added)
        for addedRef in added {
            guard let i = plan.instances.firstIndex(where: { $0.ref == addedRef }) else { continue }
            PlanWorkbench.applyDefault(outcome.defaults[addedRef], item: item, records: fixture.records, to: &plan.instances[i])
            defaultsGiven[addedRef] = given(plan.instances[i], client: client)
        }
    }

    /// What a new instance shows from its defaults: a `profile` item's default values over the profile's.
    func given(_ instance: ItemInstance, client: Client) -> DefaultsGiven {
        var values = instance.values
        if let item = template.item(instance.key), item.kind == .profile {
            for field in item.fields where values[field.key] == nil {
                if let v = client.profile[field.key] { values[field.key] = v }
            }
        }
        return DefaultsGiven(values: values, url: instance.url, records: instance.records)
    }
}

/// Allocates new record ids per type prefix, above the fixture's existing ones.
final class RecordIDCounter: @unchecked Sendable {
    private var last: [String: Int] = [:]
    private let existing: [String]

    init(existing records: [ClientRecord]) { existing = records.map(\.id) }

    func next(_ type: RecordType) -> String {
        let highest = last[type.prefix] ?? existing.compactMap { type.number(inID: $0) }.max() ?? 0
        last[type.prefix] = highest + 1
        return type.recordID(number: highest + 1)
    }
}
