import LuaBridge
@testable import PlanModel
@testable import PlanRules
import Testing

/// A `fields` default is read straight off the Lua stack when it is a flat table of field = value; every other
/// answer goes the converted way. Either way the engine gives the same defaults and the same messages.
@Suite struct DefaultAnswerTests {
    static let communication = InstanceRef("communication")

    func defaults(_ body: String) throws -> DefaultsOutcome {
        let rules = try Fixture.rules("return { items = { communication = { default = function(ctx) \(body) end } } }")
        return rules.defaults(try Fixture.bench(rules).input, for: [Self.communication])
    }

    func messages(_ body: String) throws -> [String] {
        try defaults(body).errors.map(\.message)
    }

    @Test func aFlatTableOfFieldsIsTheDefault() throws {
        #expect(try defaults("return { method = 'Verbal', language = 'Deutsch' }")
                == DefaultsOutcome(defaults: [Self.communication: .values(["method": .text("Verbal"), "language": .text("Deutsch")])]))
        #expect(try defaults("return {}") == DefaultsOutcome(defaults: [Self.communication: .values([:])]))
        #expect(try defaults("return nil") == DefaultsOutcome())
    }

    @Test func theItemsOwnValuesHandedBackAreTheDefault() throws {
        // ctx.item.values is a read-only host table: it is converted, not read in place.
        #expect(try defaults("return ctx.item.values")
                == DefaultsOutcome(defaults: [Self.communication: .values(["language": .text("English")])]))
    }

    @Test func aValueThatCannotCrossIsRefusedByTheConversionsMessage() throws {
        #expect(try messages("return { language = 0/0 }") == ["result.language: cannot convert NaN"])
        #expect(try messages("return { language = 1/0 }") == ["result.language: cannot convert an infinite number"])
        #expect(try messages("return { language = function() end }") == ["result.language: cannot convert a function"])
        #expect(try messages("return { method = 'Verbal' }, function() end") == ["result#2: cannot convert a function"])
        #expect(try messages("return { [true] = 'x' }") == ["result: cannot convert a table with a key of type boolean"])
    }

    @Test func aValueOfTheWrongShapeIsRefusedAsBefore() throws {
        #expect(try messages("return { language = { 'x' } }") == ["'default' returned a bad value: field 'language' (text) can't take a table"])
        #expect(try messages("return { language = true }") == ["'default' returned a bad value: field 'language' (text) can't take a boolean"])
        #expect(try messages("return { 'Verbal' }") == ["'default' returned a list; expected a table of field = value"])
        #expect(try messages("return 'Verbal'") == ["'default' returned a string; expected a table of field = value"])
        // Of several wrong fields, the first by name is the one named, as when the whole answer was converted first.
        #expect(try messages("return { zeta = 1, language = 2, alpha = 3 }")
                == ["'default' returned field 'alpha', which item 'communication' does not have"])
        #expect(try messages("return { method = 'Verbal', language = 2 }")
                == ["'default' returned a bad value: field 'language' (text) can't take a number"])
    }

    @Test func textIsTheSameWhetherOrNotItIsASCII() throws {
        #expect(try defaults("return { language = 'Zoë 日本語', method = 'a\\0b' }")
                == DefaultsOutcome(defaults: [Self.communication: .values(["language": .text("Zoë 日本語"), "method": .text("a\u{0}b")])]))
        #expect(try messages("return { language = 'ok\\255' }") == ["result.language: cannot convert a string that is not valid UTF-8"])
        #expect(try messages("return { language = '\\192\\128' }") == ["result.language: cannot convert a string that is not valid UTF-8"])
    }

    @Test func aKeyNamesAFieldOnlyWhenEveryByteMatches() throws {
        for key in ["lang", "languages", "Language", "languagf", "", "language\\0"] {
            #expect(try messages("return { ['\(key)'] = 'x' }")
                    == ["'default' returned field '\(key.replacingOccurrences(of: "\\0", with: "\u{0}"))', which item 'communication' does not have"])
        }
        #expect(try defaults("return { language = 'x' }") == DefaultsOutcome(defaults: [Self.communication: .values(["language": .text("x")])]))
    }

    /// A plan's verdict checks every default as `defaults` does, without keeping the values: the same errors, in
    /// the read-in-place way and the converted way alike, and none for a good answer.
    @Test func aVerdictReportsExactlyTheErrorsTheDefaultsGive() throws {
        let bodies = ["return { language = true }", "return { 'Verbal' }", "return 'Verbal'", "return { alpha = 1 }",
                      "return { method = 'Verbal' }", "return nil", "error('no default today')"]
        for body in bodies {
            let rules = try Fixture.rules("return { items = { communication = { default = function(ctx) \(body) end } } }")
            let input = try Fixture.bench(rules).input
            let expected = rules.defaults(input, for: [Self.communication]).errors
            #expect(rules.evaluate(input).errors == expected, "\(body)")
        }
        #expect(try messages("return { method = 'Verbal' }") == [])
        #expect(try messages("error('no default today')").count == 1)
    }
    /// A string read in place for a field of each type gives what converting the answer gives: the same text, or the
    /// same refusal for a type that does not take text as it is. Both a whole answer of one field (the memo's path)
    /// and an answer of two (read entry by entry) are checked.
    @Test(arguments: FieldType.allCases)
    func aStringInPlaceIsWhatTheConversionMakesOfItForEveryFieldType(type: FieldType) throws {
        let field = FieldDefinition(key: "f", label: "F", type: type, options: type.needsOptions ? ["2026-01-02"] : [])
        let other = FieldDefinition(key: "g", label: "G", type: .text)
        let template = PlanTemplate(id: "t", name: "Types", limits: TemplateLimits(instructions: 100_000, memoryMB: 16), sections: [
            TemplateSection(key: "s", title: "Types", items: [
                TemplateItem(key: "one", title: "One", kind: .fields, fields: [field]),
                TemplateItem(key: "two", title: "Two", kind: .fields, fields: [field, other]),
            ]),
        ], version: 1, rulesSource: """
            return { items = {
              one = { default = function(ctx) return { f = '2026-01-02' } end },
              two = { default = function(ctx) return { f = '2026-01-02', g = 'x' } end },
            } }
            """, rulesPath: Fixture.file)
        let rules = try LuaRules(template: template, profile: Fixture.profile, recordTypes: Fixture.recordTypes)
        let input = try Fixture.bench(rules).input
        for (key, answer, fields) in [("one", ["f": LuaValue.string("2026-01-02")], [field]),
                                      ("two", ["f": .string("2026-01-02"), "g": .string("x")], [field, other])] {
            let expected = Result { () throws(HookResultError) in
                try HookResults.values(.map(answer), fields: fields, hook: "default", owner: "item '\(key)'")
            }
            // Twice: the second answer of `one` is its memo's.
            for _ in 0..<2 {
                let outcome = rules.defaults(input, for: [InstanceRef(key)])
                switch expected {
                case .success(let values):
                    #expect(outcome == DefaultsOutcome(defaults: [InstanceRef(key): .values(values)]))
                case .failure(let error):
                    #expect(outcome.defaults.isEmpty)
                    #expect(outcome.errors.map(\.message) == [error.description])
                }
            }
        }
    }
}

