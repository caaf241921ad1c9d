@testable import PlanModel
@testable import PlanRules
import Testing

/// The global `sp` with the exact semantics of docs/writing-rules.md. Each case is a Lua expression and the
/// text `tostring` gives for it inside a hook evaluated on 2025-06-30.
@Suite struct SpHelperTests {
    @Test(arguments: [
        ("sp.blank(nil)", "true"),
        ("sp.blank('')", "true"),
        ("sp.blank({})", "true"),
        ("sp.blank(' ')", "false"),
        ("sp.blank('x')", "false"),
        ("sp.blank(0)", "false"),
        ("sp.blank(false)", "false"),
        ("sp.blank({ 1 })", "false"),
        ("sp.blank({ a = 1 })", "false"),
        ("sp.blank(ctx.item.records)", "true"),
        ("sp.blank(ctx.item.values)", "true"),
        ("sp.blank(ctx.client.records('medication'))", "false"),
        ("sp.blank(ctx.client.records('nothing'))", "true"),
        ("sp.blank(ctx.client.profile.languages)", "false"),
        ("sp.blank(ctx.client.profile.preferred_name)", "true"),
    ])
    func blank(expression: String, expected: String) throws {
        #expect(try Fixture.probe(expression, item: "contacts") == expected)
    }

    @Test(arguments: [
        ("sp.age('1990-07-01')", "34"),
        ("sp.age('1990-06-30')", "35"),
        ("sp.age('2025-06-30')", "0"),
        ("sp.age('2000-02-29', '2023-02-28')", "22"),
        ("sp.age('2000-02-29', '2023-03-01')", "23"),
        ("sp.age('2000-02-29', '2024-02-28')", "23"),
        ("sp.age('2000-02-29', '2024-02-29')", "24"),
        ("sp.age('2000-01-15', '2010-01-14')", "9"),
        ("sp.age('2000-01-15', '2010-01-15')", "10"),
        ("sp.age('2000-01-15', nil)", "25"),
        ("math.type(sp.age('2000-01-15'))", "integer"),
        ("sp.age(ctx.client.profile.birth_date)", "34"),
        ("sp.age('2023-02-29')", "nil"),
        ("sp.age('2000-1-5')", "nil"),
        ("sp.age('not a date')", "nil"),
        ("sp.age(nil)", "nil"),
        ("sp.age('2000-01-15', '2010-13-01')", "nil"),
    ])
    func age(expression: String, expected: String) throws {
        #expect(try Fixture.probe(expression) == expected)
    }

    @Test func ageMeasuresToTheEvaluationDate() throws {
        let rules = try Fixture.rules(Fixture.probeSource(["sp.age('2000-02-29')"]))
        var input = try Fixture.bench(rules).input
        input.today = "2025-02-28"
        #expect(rules.evaluate(input).incomplete[InstanceRef("notes")] == ["24"])
        input.today = "2025-03-01"
        #expect(rules.evaluate(input).incomplete[InstanceRef("notes")] == ["25"])
    }

    @Test(arguments: [
        ("sp.days('2025-01-01', '2025-03-01')", "59"),
        ("sp.days('2024-01-01', '2024-03-01')", "60"),
        ("sp.days('2025-03-01', '2025-01-01')", "-59"),
        ("sp.days('2024-02-28', '2024-03-01')", "2"),
        ("sp.days('2025-06-30', '2025-06-30')", "0"),
        ("sp.days('1999-12-31', '2000-01-01')", "1"),
        ("sp.days(ctx.today, '2026-06-30')", "365"),
        ("sp.days('2025-02-30', '2025-03-01')", "nil"),
        ("sp.days('2025-01-01')", "nil"),
        ("sp.days('2025-01-01', 20250301)", "nil"),
    ])
    func days(expression: String, expected: String) throws {
        #expect(try Fixture.probe(expression) == expected)
    }

    @Test(arguments: [
        ("(function() local d = sp.date('2024-02-29') return d.year .. '/' .. d.month .. '/' .. d.day end)()", "2024/2/29"),
        ("math.type(sp.date('2024-02-29').month)", "integer"),
        ("sp.date('2023-02-29')", "nil"),
        ("sp.date('2024-04-31')", "nil"),
        ("sp.date('2024-2-9')", "nil"),
        ("sp.date('2024-02-09T10:00')", "nil"),
        ("sp.date(' 2024-02-09')", "nil"),
        ("sp.date('')", "nil"),
        ("sp.date(nil)", "nil"),
    ])
    func date(expression: String, expected: String) throws {
        #expect(try Fixture.probe(expression) == expected)
    }

    @Test(arguments: [
        ("sp.is_email('jo@example.org')", "true"),
        ("sp.is_email('jo.citizen+care@mail.example.com.au')", "true"),
        ("sp.is_email('jo@example')", "false"),
        ("sp.is_email('jo @example.org')", "false"),
        ("sp.is_email('@example.org')", "false"),
        ("sp.is_email('jo@@example.org')", "false"),
        ("sp.is_email('jo@example..org')", "false"),
        ("sp.is_email('')", "false"),
        ("sp.is_email(nil)", "false"),
    ])
    func isEmail(expression: String, expected: String) throws {
        #expect(try Fixture.probe(expression) == expected)
    }

    @Test(arguments: [
        ("sp.is_phone('0412 345 678')", "true"),
        ("sp.is_phone('+61 (3) 9123-4567')", "true"),
        ("sp.is_phone('12345678')", "true"),
        ("sp.is_phone('1234567')", "false"),
        ("sp.is_phone('123456789012345')", "true"),
        ("sp.is_phone('1234567890123456')", "false"),
        ("sp.is_phone('+1234567')", "false"),
        ("sp.is_phone('12+345678')", "false"),
        ("sp.is_phone('++61412345678')", "false"),
        ("sp.is_phone('0412.345.678')", "false"),
        ("sp.is_phone('0412 345 67x')", "false"),
        ("sp.is_phone('')", "false"),
        ("sp.is_phone(412345678)", "false"),
    ])
    func isPhone(expression: String, expected: String) throws {
        #expect(try Fixture.probe(expression) == expected)
    }

    @Test(arguments: [
        ("sp.contains({ 'a', 'b' }, 'b')", "true"),
        ("sp.contains({ 'a', 'b' }, 'c')", "false"),
        ("sp.contains({ 1, 2 }, '1')", "false"),
        ("sp.contains({}, nil)", "false"),
        ("sp.contains(nil, 'a')", "false"),
        ("sp.contains(ctx.client.profile.languages, 'Greek')", "true"),
        ("sp.contains(ctx.client.profile.languages, 'Auslan')", "false"),
    ])
    func contains(expression: String, expected: String) throws {
        #expect(try Fixture.probe(expression) == expected)
    }

    @Test func theFieldCheckAndTheHelperAgreeOnPhones() throws {
        for phone in ["0412 345 678", "+61 (3) 9123-4567", "1234567", "12+345678"] {
            let field = FieldDefinition(key: "phone", type: .phone)
            #expect(try Fixture.probe("sp.is_phone('\(phone)')") == (field.problem(with: .text(phone)) == nil ? "true" : "false"))
        }
    }
}
