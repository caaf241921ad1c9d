@testable import PlanModel
import Testing

/// What a verdict says of each instance is found exactly, whether the verdict names one ref or many, whatever the
/// keys look like: the sketch only decides which refs are looked up, never what is found.
@Suite struct InstanceVerdictsTests {
    /// Keys sharing a prefix, a length or a tail; one-byte, empty, non-ASCII and long (heap-held) keys.
    static let keys = (1...120).map { "f" + String(1000 + $0).dropFirst() } + [
        "a", "b", "", "ab", "ba", "émotion", "ключ", "a-key-longer-than-fifteen-bytes-01", "a-key-longer-than-fifteen-bytes-02",
    ]
    static let universe = keys.flatMap { key in (1...3).map { InstanceRef(key, $0) } }

    static func error(_ ref: InstanceRef, _ message: String) -> RuleError {
        RuleError(scope: .item(ref), hook: "complete", message: message, location: "Rules/t/rules.lua:1")
    }

    static func expectExact(_ verdict: RulesVerdict) {
        let verdicts = InstanceVerdicts(verdict)
        for ref in universe {
            let said = verdicts.of(ref.key, ref.instance)
            let firstError = verdict.errors.first { $0.scope == .item(ref) }
            #expect(said.hidden == verdict.hiddenItems.contains(ref), "\(ref)")
            #expect(said.incomplete == verdict.incomplete[ref], "\(ref)")
            #expect(said.error.map { verdicts.errors[$0] } == firstError, "\(ref)")
        }
    }

    @Test func aVerdictNamingOneInstanceAnswersForThatOneOnly() {
        let ref = InstanceRef("f042", 2)
        Self.expectExact(RulesVerdict(hiddenItems: [ref]))
        Self.expectExact(RulesVerdict(incomplete: [ref: ["Enter a value"]]))
        Self.expectExact(RulesVerdict(errors: [Self.error(ref, "boom")]))
        // The work saved: of the 387 refs, only those sharing the named ref's bit are looked up.
        let sketch = InstanceVerdicts(RulesVerdict(hiddenItems: [ref])).sketch
        #expect(sketch.nonzeroBitCount == 1)
        #expect(Self.universe.filter { sketch & InstanceVerdicts.bit($0.key, $0.instance) != 0 }.count <= Self.universe.count / 16)
    }

    @Test func aVerdictNamingManyInstancesAnswersForEachExactly() {
        let universe = Self.universe
        var incomplete: [InstanceRef: [String]] = [:]
        for (n, ref) in universe.enumerated() where n % 5 == 0 { incomplete[ref] = n % 10 == 0 ? [] : ["m\(n)", "n\(n)"] }
        let hidden = Set(universe.enumerated().filter { $0.offset % 7 == 3 }.map(\.element))
        // Two errors of one instance: the first is the one the instance shows.
        let errors = universe.enumerated().filter { $0.offset % 11 == 4 }.flatMap { [Self.error($0.element, "first \($0.offset)"),
                                                                                     Self.error($0.element, "second")] }
            + [RuleError(scope: .section("s"), hook: "visible", message: "x", location: "Rules/t/rules.lua:2")]
        Self.expectExact(RulesVerdict(hiddenItems: hidden, incomplete: incomplete, errors: errors))
    }

    @Test func anEmptyVerdictNamesNoInstance() {
        Self.expectExact(RulesVerdict())
        #expect(InstanceVerdicts(RulesVerdict()).sketch == 0)
    }

    /// 100 items, a few hidden, incomplete or in error: the report shows exactly those, and every other item as its
    /// own check has it.
    @Test func aPlanShowsWhatTheVerdictSaysOfEachOfItsInstances() {
        let fields = [FieldDefinition(key: "value", label: "Value", type: .text, required: true)]
        let items = (1...100).map { TemplateItem(key: String(format: "f%03d", $0), title: "Item \($0)", kind: .fields, fields: fields) }
        let template = PlanTemplate(id: "t", name: "T", sections: [TemplateSection(key: "s", title: "S", items: items)])
        let instances = items.enumerated().map { n, item in
            ItemInstance(key: item.key, status: n % 2 == 0 ? .complete : .open, values: n % 3 == 0 ? [:] : ["value": .text("v")])
        }
        let plan = SupportPlan(id: "P-1", clientID: "C-0001", templateID: "t", templateVersion: 1, createdOn: TestTemplates.today,
                               instances: instances)
        let verdict = RulesVerdict(hiddenItems: [InstanceRef("f010")], incomplete: [InstanceRef("f020"): ["Not yet"], InstanceRef("f021"): []],
                                   errors: [Self.error(InstanceRef("f030"), "boom")])
        let input = RulesInput(template: template, plan: plan, client: TestTemplates.client, records: [],
                               recordTypes: TestTemplates.recordTypes, today: TestTemplates.today)
        let evaluation = PlanEvaluator.evaluate(input, verdict: verdict)
        #expect(evaluation.items.count == 100)
        for (n, shown) in evaluation.items.enumerated() {
            let blank = n % 3 == 0
            var messages = blank ? ["Value is required"] : []
            if shown.key == "f020" { messages.append("Not yet") }
            if shown.key == "f021" && messages.isEmpty { messages = ["Item 21 is not complete"] }
            let inError = shown.key == "f030"
            #expect(shown.visible == (shown.key != "f010"), "\(shown.key)")
            #expect(shown.check == .init(ok: messages.isEmpty && !inError, messages: messages), "\(shown.key)")
            #expect(shown.error?.message == (inError ? "boom" : nil), "\(shown.key)")
            let lapses = n % 2 == 0 && !messages.isEmpty && !inError
            #expect(shown.status == (lapses ? .open : instances[n].status), "\(shown.key)")
        }
        #expect(evaluation.blockers.contains("Item 'f021' was complete, but its check fails now: Item 21 is not complete"))
        #expect(!evaluation.blockers.contains { $0.hasPrefix("Item 'f010'") }, "a hidden item is not counted")
    }
}
