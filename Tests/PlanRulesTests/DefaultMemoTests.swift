@testable import PlanModel
@testable import PlanRules
import Testing

/// An engine remembers each plan position's last `default` answer of one field and the values made of it, and gives
/// those values again to the next plan whose answer there is the very same. These tests show each plan still gets
/// its own defaults: other data, another item at the position, text equal to Swift but not in its bytes, a float
/// that differs only in its sign.
@Suite struct DefaultMemoTests {
    static func reused(_ rules: LuaRules) -> Int { rules.defaultMemos.map(\.reused).reduce(0, +) }

    func defaults(_ rules: LuaRules, _ bench: PlanWorkbench) -> [InstanceRef: ItemDefault] {
        let input = bench.input
        return rules.defaults(input, for: input.plan.instances.map(\.ref)).defaults
    }

    @Test func eachPlanGetsItsOwnDefaultAndAnAnswerAsTheLastIsGivenTheSameValues() throws {
        let rules = try Fixture.rules("return { items = { notes = { default = function(ctx) return { note = ctx.client.profile.first_name } end } } }")
        let a = try Fixture.bench(rules, id: "P-A", client: Fixture.client)
        let b = try Fixture.bench(rules, id: "P-B", client: Fixture.otherClient)
        let notes = InstanceRef("notes")
        let before = Self.reused(rules)
        #expect(defaults(rules, a)[notes] == .values(["note": .text("Alex")]))
        #expect(defaults(rules, b)[notes] == .values(["note": .text("Bo")]))
        #expect(Self.reused(rules) == before)
        #expect(defaults(rules, b)[notes] == .values(["note": .text("Bo")]))
        #expect(Self.reused(rules) == before + 1)
        #expect(defaults(rules, a)[notes] == .values(["note": .text("Alex")]))
        #expect(rules.evaluate(a.input, defaultsFor: [notes]).defaults.defaults[notes] == .values(["note": .text("Alex")]))
        #expect(Self.reused(rules) == before + 2)
    }

    /// Position 5 holds `notes` in a plan made from the template and a fifth `communication` in a plan with four
    /// more: the same field position, the same value, another item.
    @Test func anotherItemAtThePositionGetsItsOwnField() throws {
        let rules = try Fixture.rules("""
            return { items = {
              communication = { default = function(ctx) return { method = 'Verbal' } end },
              notes = { default = function(ctx) return { note = 'Verbal' } end },
            } }
            """)
        let a = try Fixture.bench(rules, id: "P-A")
        var b = try Fixture.bench(rules, id: "P-B")
        for _ in 0..<4 { _ = try b.addInstance("communication", cloneOf: nil) }
        #expect(a.input.plan.instances[5].ref == InstanceRef("notes"))
        #expect(b.input.plan.instances[5].ref == InstanceRef("communication", 5))
        #expect(defaults(rules, a)[InstanceRef("notes")] == .values(["note": .text("Verbal")]))
        #expect(defaults(rules, b)[InstanceRef("communication", 5)] == .values(["method": .text("Verbal")]))
        #expect(defaults(rules, a)[InstanceRef("notes")] == .values(["note": .text("Verbal")]))
    }

    /// An answer whose first entry is the memo's answer but which holds more is read whole: the memo's value stands
    /// in for the first entry (no String is made of it) and every other entry is the plan's own. Plans answering
    /// `method` alone and `language` alone come before and after the plan answering both, so that, whichever entry
    /// Lua's `next` gives first, one of its evaluations finds that entry in the memo.
    @Test func anAnswerOfMoreFieldsThanTheMemosIsReadWhole() throws {
        let rules = try Fixture.rules("""
            return { items = { communication = { default = function(ctx)
              if ctx.plan.id == 'P-M' then return { method = 'Verbal' } end
              if ctx.plan.id == 'P-L' then return { language = 'Deutsch' } end
              return { method = 'Verbal', language = 'Deutsch' }
            end } } }
            """)
        let method = try Fixture.bench(rules, id: "P-M"), language = try Fixture.bench(rules, id: "P-L")
        let both = try Fixture.bench(rules, id: "P-B")
        let ref = InstanceRef("communication")
        let all: ItemDefault = .values(["method": .text("Verbal"), "language": .text("Deutsch")])
        #expect(defaults(rules, method)[ref] == .values(["method": .text("Verbal")]))
        #expect(defaults(rules, both)[ref] == all)
        #expect(defaults(rules, language)[ref] == .values(["language": .text("Deutsch")]))
        #expect(defaults(rules, both)[ref] == all)
        #expect(defaults(rules, method)[ref] == .values(["method": .text("Verbal")]))
        // Only a whole answer of one field is given the memo's values.
        #expect(Self.reused(rules) == 0)
    }

    /// The same text to another field of the same item is that field's, plans alternating: keys of one length, and
    /// keys that differ only in their last byte after 24 the same.
    @Test(arguments: [("a1", "a2"), ("a_field_with_a_long_key_1", "a_field_with_a_long_key_2")])
    func theSameTextToAnotherFieldIsThatFields(first: String, second: String) throws {
        let source = """
            return { items = { pair = { default = function(ctx)
              if ctx.plan.id == 'P-1' then return { \(first) = 'same text' } end
              return { \(second) = 'same text' }
            end } } }
            """
        let template = PlanTemplate(id: "t", name: "Pairs", limits: TemplateLimits(instructions: 100_000, memoryMB: 16), sections: [
            TemplateSection(key: "s", title: "Pairs", items: [
                TemplateItem(key: "pair", title: "Pair", kind: .fields, fields: [
                    FieldDefinition(key: first, label: "First", type: .text), FieldDefinition(key: second, label: "Second", type: .text),
                ]),
            ]),
        ], version: 1, rulesSource: source, rulesPath: Fixture.file)
        let rules = try LuaRules(template: template, profile: Fixture.profile, recordTypes: Fixture.recordTypes)
        let one = try Fixture.bench(rules, id: "P-1"), two = try Fixture.bench(rules, id: "P-2")
        let ref = InstanceRef("pair")
        for _ in 0..<2 {
            #expect(defaults(rules, one)[ref] == .values([first: .text("same text")]))
            #expect(defaults(rules, one)[ref] == .values([first: .text("same text")]))
            #expect(defaults(rules, two)[ref] == .values([second: .text("same text")]))
            #expect(defaults(rules, two)[ref] == .values([second: .text("same text")]))
        }
        // Each plan's second evaluation in a row is its memo's.
        #expect(Self.reused(rules) == 4)
    }

    /// "é" as one code point and as "e" and a combining accent are equal Strings to Swift, but not the same text.
    @Test func textEqualToSwiftButNotInItsBytesIsEachPlansOwn() throws {
        let rules = try Fixture.rules("""
            return { items = { notes = { default = function(ctx)
              if ctx.client.id == 'C-1' then return { note = 'caf\\u{E9}' } end
              return { note = 'cafe\\u{301}' }
            end } } }
            """)
        let a = try Fixture.bench(rules, id: "P-A", client: Fixture.client)
        let b = try Fixture.bench(rules, id: "P-B", client: Fixture.otherClient)
        func bytes(_ bench: PlanWorkbench) -> [UInt8]? {
            guard case .values(let values)? = defaults(rules, bench)[InstanceRef("notes")], case .text(let text)? = values["note"] else { return nil }
            return Array(text.utf8)
        }
        #expect(bytes(a) == Array("caf\u{E9}".utf8))
        #expect(bytes(b) == Array("cafe\u{301}".utf8))
        #expect(bytes(a) == Array("caf\u{E9}".utf8))
    }

    /// 0.0 and -0.0 are equal Doubles, but a number field keeps its sign.
    @Test func aFloatOfAnotherSignIsEachPlansOwn() throws {
        let source = """
            return { items = { measure = { default = function(ctx)
              if ctx.client.id == 'C-1' then return { amount = 0.0 } end
              return { amount = -0.0 }
            end } } }
            """
        let template = PlanTemplate(id: "t", name: "Measures", limits: TemplateLimits(instructions: 100_000, memoryMB: 16), sections: [
            TemplateSection(key: "s", title: "Measures", items: [
                TemplateItem(key: "measure", title: "Measure", kind: .fields, fields: [FieldDefinition(key: "amount", label: "Amount", type: .number)]),
            ]),
        ], version: 1, rulesSource: source, rulesPath: Fixture.file)
        let rules = try LuaRules(template: template, profile: Fixture.profile, recordTypes: Fixture.recordTypes)
        let a = try Fixture.bench(rules, id: "P-A", client: Fixture.client)
        let b = try Fixture.bench(rules, id: "P-B", client: Fixture.otherClient)
        func sign(_ bench: PlanWorkbench) -> FloatingPointSign? {
            guard case .values(let values)? = defaults(rules, bench)[InstanceRef("measure")], case .number(let n)? = values["amount"] else { return nil }
            return n.sign
        }
        #expect(sign(a) == .plus)
        #expect(sign(b) == .minus)
        #expect(sign(a) == .plus)
        #expect(sign(a) == .plus)
        #expect(Self.reused(rules) > 0)
    }
}
