@testable import PlanModel
import Testing

/// The report lists items in template order and each item's instances in plan order, however the plan lists them:
/// a plan made from its template is walked once, any other order is found by key, with the same report.
@Suite struct EvaluationOrderTests {
    static func refs(_ evaluation: PlanEvaluation) -> [String] {
        evaluation.items.map { "\($0.ref)" }
    }

    static func evaluate(_ plan: SupportPlan, template: PlanTemplate = TestTemplates.ndisCore(),
                         verdict: RulesVerdict = RulesVerdict()) -> PlanEvaluation {
        let input = RulesInput(template: template, plan: plan, client: TestTemplates.client, records: TestTemplates.records,
                               recordTypes: TestTemplates.recordTypes, today: TestTemplates.today)
        return PlanEvaluator.evaluate(input, verdict: verdict)
    }

    static let inOrder = ["preferred_name", "communication", "communication#2", "emergency_contacts", "medications",
                          "transfer_video", "consent"]

    static func plan(_ instances: [ItemInstance]) -> SupportPlan {
        SupportPlan(id: "P-1", clientID: "C-0001", templateID: "ndis-core", templateVersion: 3, createdOn: TestTemplates.today,
                    instances: instances)
    }

    static let instances = [
        ItemInstance(key: "preferred_name"),
        ItemInstance(key: "communication", instance: 1, status: .complete),
        ItemInstance(key: "communication", instance: 2, values: ["method": .text("Auslan")]),
        ItemInstance(key: "emergency_contacts", records: ["CC-00001"]),
        ItemInstance(key: "medications", status: .notRequired),
        ItemInstance(key: "transfer_video"),
        ItemInstance(key: "consent", values: ["agreed": .boolean(true)]),
    ]

    @Test func aPlanOutOfTemplateOrderGivesTheReportOfThePlanInOrder() throws {
        let ordered = Self.evaluate(Self.plan(Self.instances))
        #expect(Self.refs(ordered) == Self.inOrder)
        let shuffled = [5, 1, 0, 6, 2, 4, 3].map { Self.instances[$0] }
        let evaluation = Self.evaluate(Self.plan(shuffled))
        #expect(Self.refs(evaluation) == Self.inOrder, "communication#1 before #2: their order in the plan is kept")
        #expect(evaluation.items.map(\.check) == ordered.items.map(\.check))
        #expect(evaluation.sections.map(\.progress) == ordered.sections.map(\.progress))
        #expect(evaluation.blockers == ordered.blockers)
    }

    @Test func instancesOfOneItemSplitByAnotherStayInPlanOrder() throws {
        let split = [0, 2, 3, 1, 4, 5, 6].map { Self.instances[$0] }   // communication#2 before #1, contacts between
        let evaluation = Self.evaluate(Self.plan(split))
        #expect(Self.refs(evaluation) == ["preferred_name", "communication#2", "communication", "emergency_contacts",
                                          "medications", "transfer_video", "consent"])
    }

    @Test func anInstanceOfAnItemTheTemplateLacksIsLeftOut() throws {
        let evaluation = Self.evaluate(Self.plan(Self.instances + [ItemInstance(key: "risks")]))
        #expect(Self.refs(evaluation) == Self.inOrder)
    }

    @Test func aLapsedItemIsNamedWhereverThePlanListsIt() throws {
        // communication#1 is marked complete without its required method: it shows open, named in the blockers.
        let shuffled = [6, 5, 4, 3, 2, 1, 0].map { Self.instances[$0] }
        let evaluation = Self.evaluate(Self.plan(shuffled))
        #expect(evaluation.item(InstanceRef("communication", 1))?.status == .open)
        #expect(evaluation.blockers == Self.evaluate(Self.plan(Self.instances)).blockers)
        #expect(evaluation.blockers.contains("Item 'communication' was complete, but its check fails now: Preferred method is required"))
    }

    @Test func aTemplateRepeatingAnItemKeyShowsTheInstancesUnderEachCopy() throws {
        var template = TestTemplates.ndisCore()
        template.sections[2].items.append(template.sections[0].items[0])   // preferred_name again, under safety
        let evaluation = Self.evaluate(Self.plan(Self.instances), template: template)
        #expect(Self.refs(evaluation) == Self.inOrder + ["preferred_name"])
    }

    @Test func onlyAPlanOutOfTemplateOrderIsIndexedByKey() throws {
        #expect(PlanEvaluator.instanceRuns(Self.plan(Self.instances), template: TestTemplates.ndisCore()) == nil)
        let runs = try #require(PlanEvaluator.instanceRuns(Self.plan([5, 1, 0, 6, 2, 4, 3].map { Self.instances[$0] }),
                                                           template: TestTemplates.ndisCore()))
        #expect(runs.order == [2, 1, 4, 6, 5, 0, 3])
    }

    /// Few values are matched to fields key by key, many by hashing: the same messages, in field order, either way.
    @Test func aFieldsItemIsCheckedFieldByFieldHoweverManyValuesItHolds() throws {
        let fields = (1...6).map { FieldDefinition(key: "f\($0)", label: "F\($0)", type: $0 == 3 ? .integer : .text, required: true) }
        let template = PlanTemplate(id: "t", name: "T", sections: [
            TemplateSection(key: "s", title: "S", items: [TemplateItem(key: "many", title: "Many", kind: .fields, fields: fields)])])
        func messages(_ values: FieldValues) -> [String] {
            let plan = Self.plan([ItemInstance(key: "many", values: values)])
            return Self.evaluate(plan, template: template).items.first?.check.messages ?? ["no item"]
        }
        #expect(messages([:]) == ["F1 is required", "F2 is required", "F3 is required", "F4 is required", "F5 is required", "F6 is required"])
        #expect(messages(["f2": .text("x"), "f3": .text("3")]) == ["F1 is required", "F3 must be a whole number", "F4 is required",
                                                                   "F5 is required", "F6 is required"])
        #expect(messages(["f1": .text("a"), "f2": .text("b"), "f3": .text("3"), "f4": .text(""), "f6": .text("f")])
                == ["F3 must be a whole number", "F4 is required", "F5 is required"])
        #expect(messages(["f1": .text("a"), "f2": .text("b"), "f3": .integer(3), "f4": .text("d"), "f5": .text("e"),
                          "f6": .text("f"), "other": .text("x")]) == [])
    }

    /// A value of its field's type with nothing more to check passes on its type alone; one of a type with a format or
    /// options is still checked, and an unset optional field passes.
    @Test func eachFieldTypeIsCheckedAsItsDefinitionSays() throws {
        let fields = [
            FieldDefinition(key: "t", label: "T", type: .text), FieldDefinition(key: "l", label: "L", type: .longText),
            FieldDefinition(key: "i", label: "I", type: .integer), FieldDefinition(key: "n", label: "N", type: .number),
            FieldDefinition(key: "b", label: "B", type: .boolean), FieldDefinition(key: "d", label: "D", type: .date),
            FieldDefinition(key: "c", label: "C", type: .choice, options: ["x", "y"]),
            FieldDefinition(key: "m", label: "M", type: .multiChoice, options: ["x", "y"]),
            FieldDefinition(key: "p", label: "P", type: .phone), FieldDefinition(key: "e", label: "E", type: .email),
            FieldDefinition(key: "u", label: "U", type: .url), FieldDefinition(key: "o", label: "O", type: .text),
        ]
        let template = PlanTemplate(id: "t", name: "T", sections: [
            TemplateSection(key: "s", title: "S", items: [TemplateItem(key: "all", title: "All", kind: .fields, fields: fields)])])
        func messages(_ values: FieldValues) -> [String] {
            let plan = Self.plan([ItemInstance(key: "all", values: values)])
            return Self.evaluate(plan, template: template).items.first?.check.messages ?? ["no item"]
        }
        #expect(messages(["t": .text("a"), "l": .text("b"), "i": .integer(1), "n": .integer(2), "b": .boolean(false),
                          "d": .text("2025-02-30"), "c": .text("z"), "m": .list(["x", "z"]), "p": .text("call me"),
                          "e": .text("nobody"), "u": .text("not a url"), "o": .text("")])
                == ["Enter a valid date (YYYY-MM-DD)", "Choose one of: x, y", "Choose from: x, y", "Enter a valid phone number",
                    "Enter a valid email address", "Enter a valid URL"])
        #expect(messages(["t": .integer(1), "l": .list(["a"]), "i": .text("1"), "n": .text("2"), "b": .text("yes"),
                          "d": .text("2025-02-03"), "c": .text("x"), "m": .list(["x", "y"]), "p": .text("0412 345 678"),
                          "e": .text("a@example.org"), "u": .text("https://example.org")])
                == ["T must be text", "L must be text", "I must be a whole number", "N must be a number", "B must be yes or no"])
        #expect(messages([:]) == [])
        // Few values (as most items hold) are checked in one pass when all pass as they are; else field by field.
        #expect(messages(["t": .text("a"), "i": .integer(1), "o": .text(""), "other": .integer(1)]) == [])
        #expect(messages(["t": .text("a"), "d": .text("2025-02-30")]) == ["Enter a valid date (YYYY-MM-DD)"])
        #expect(messages(["d": .text("2025-02-03"), "c": .text("y"), "e": .text("a@example.org")]) == [])
        #expect(messages(["u": .text("not a url"), "i": .text("1"), "t": .text("a")]) == ["I must be a whole number", "Enter a valid URL"])
    }
}
