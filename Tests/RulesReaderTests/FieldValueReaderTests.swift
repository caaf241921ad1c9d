import Foundation
import Testing
@testable import PlanModel
@testable import RulesReader

@Suite struct FieldValueReaderTests {
    func node(_ yaml: String) throws -> YAMLNode {
        var reader = RulesFileReader(file: "v.yaml")
        return try #require(reader.parse("v: \(yaml)")?["v"])
    }

    func read(_ yaml: String, _ type: FieldType) throws -> Result<FieldValue?, FieldValueError> {
        FieldValueReader.read(node: try node(yaml), as: FieldDefinition(key: "f", type: type, options: ["a", "b"]))
    }

    func readJSON(_ json: String, _ type: FieldType) throws -> Result<FieldValue?, FieldValueError> {
        let value = try JSONSerialization.jsonObject(with: Data("[\(json)]".utf8)) as! [Any]
        return FieldValueReader.read(json: value[0], as: FieldDefinition(key: "f", type: type, options: ["a", "b"]))
    }

    @Test func yamlScalarsAreReadAsTheFieldTypeSays() throws {
        #expect(try read("1990-03-01", .date) == .success(.text("1990-03-01")))
        #expect(try read("1990-03-01", .text) == .success(.text("1990-03-01")))
        #expect(try read("5", .number) == .success(.number(5)))
        #expect(try read("5.25", .number) == .success(.number(5.25)))
        #expect(try read("5", .integer) == .success(.integer(5)))
        #expect(try read("5", .text) == .success(.text("5")))
        #expect(try read("0412 345 678", .phone) == .success(.text("0412 345 678")))
        #expect(try read("true", .boolean) == .success(.boolean(true)))
        #expect(try read("no", .boolean) == .success(.boolean(false)))
        #expect(try read("no", .choice) == .success(.text("no")))
        #expect(try read("[a, b]", .multiChoice) == .success(.list(["a", "b"])))
        #expect(try read("a", .multiChoice) == .success(.list(["a"])))
        #expect(try read("~", .text) == .success(nil))
        #expect(try read("\"\"", .text) == .success(.text("")))
        #expect(try read("\"null\"", .text) == .success(.text("null")))
    }

    @Test func yamlValuesOfTheWrongShapeAreRefusedWithAReason() throws {
        #expect(try read("five", .integer) == .failure(FieldValueError("expected a whole number, got 'five'")))
        #expect(try read("4.5", .integer) == .failure(FieldValueError("expected a whole number, got '4.5'")))
        #expect(try read(".inf", .number) == .failure(FieldValueError("expected a number, got '.inf'")))
        #expect(try read("maybe", .boolean) == .failure(FieldValueError("expected true or false, got 'maybe'")))
        #expect(try read("[a]", .text) == .failure(FieldValueError("expected text, got a list")))
        #expect(try read("{ a: 1 }", .date) == .failure(FieldValueError("expected a date (YYYY-MM-DD), got a mapping")))
        #expect(try read("[a, [b]]", .multiChoice) == .failure(FieldValueError("expected a list of options, got a list in the list")))
    }

    @Test func jsonValuesAreReadAsTheFieldTypeSays() throws {
        #expect(try readJSON("\"1990-03-01\"", .date) == .success(.text("1990-03-01")))
        #expect(try readJSON("5", .number) == .success(.number(5)))
        #expect(try readJSON("5", .integer) == .success(.integer(5)))
        #expect(try readJSON("5.0", .integer) == .success(.integer(5)))
        #expect(try readJSON("2.5", .number) == .success(.number(2.5)))
        #expect(try readJSON("true", .boolean) == .success(.boolean(true)))
        #expect(try readJSON("0", .boolean) == .failure(FieldValueError("expected true or false, got 0")))
        #expect(try readJSON("1", .boolean) == .failure(FieldValueError("expected true or false, got 1")))
        #expect(try readJSON("false", .integer) == .failure(FieldValueError("expected a whole number, got false")))
        #expect(try readJSON("3053", .text) == .success(.text("3053")))
        #expect(try readJSON("null", .text) == .success(nil))
        #expect(try readJSON("[\"a\", \"b\"]", .multiChoice) == .success(.list(["a", "b"])))
        #expect(try readJSON("[\"a\", 1]", .multiChoice) == .failure(FieldValueError("expected a list of options, got '1' in the list")))
        #expect(try readJSON("{\"a\": 1}", .text) == .failure(FieldValueError("expected text, got an object")))
        #expect(try readJSON("\"42\"", .integer) == .success(.integer(42)))
    }

    @Test func swiftValuesAreReadLikeJSON() {
        let integer = FieldDefinition(key: "n", type: .integer), flag = FieldDefinition(key: "b", type: .boolean)
        #expect(FieldValueReader.read(json: 7, as: integer) == .success(.integer(7)))
        #expect(FieldValueReader.read(json: true, as: flag) == .success(.boolean(true)))
        #expect(FieldValueReader.read(json: 1, as: flag) == .failure(FieldValueError("expected true or false, got 1")))
        #expect(FieldValueReader.read(json: NSNull(), as: integer) == .success(nil))
    }
}
