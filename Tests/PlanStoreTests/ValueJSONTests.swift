import Testing
import PlanModel
@testable import PlanStore

@Suite struct ValueJSONTests {
    @Test func everyValueKindSurvivesWritingAndReading() throws {
        let text = try ValueJSON.encode(everyKindOfValue)
        #expect(try ValueJSON.decodeValues(text) == everyKindOfValue)
    }

    @Test func numbersAreWrittenSoTheyReadBackAsNumbers() throws {
        #expect(try ValueJSON.encode(["a": .number(70), "b": .integer(70)]) == #"{"a":70.0,"b":70}"#)
        #expect(try ValueJSON.decodeValues(#"{"a":1e3,"b":-2,"c":0.5}"#) == ["a": .number(1000), "b": .integer(-2), "c": .number(0.5)])
    }

    @Test func anInfiniteNumberCannotBeStored() {
        #expect(throws: ValueJSON.Malformed.self) { try ValueJSON.encode(["a": .number(.infinity)]) }
    }

    @Test func escapesOfOtherWritersAreRead() throws {
        #expect(try ValueJSON.decodeValues(#" { "a" : "\u00e9\ud83d\ude00\/\"" , "b":[ "x" , "y\n" ] } "#)
                == ["a": .text("é😀/\""), "b": .list(["x", "y\n"])])
        #expect(try ValueJSON.decodeList(#"["MED-1","MED-2"]"#) == ["MED-1", "MED-2"])
        #expect(try ValueJSON.decodeList("[]") == [])
    }

    @Test(arguments: [#"{"a":}"#, #"{"a":1"#, #"{"a":null}"#, #"["#, #"{"a":"x"} tail"#, #"{"a":1.2.3}"#])
    func malformedTextIsRefused(text: String) {
        #expect(throws: ValueJSON.Malformed.self) { try ValueJSON.decodeValues(text) }
    }
}
