import Testing
@testable import RuleTesting

/// A fixture's client profile and records are read field by field against profile.yaml and the record types: an
/// unknown field is named with the fields there are, a value of the wrong type or format where it is.
@Suite struct ClientReadingTests {
    @Test func unknownAndIllTypedProfileFieldsAreReportedWhereTheyAre() throws {
        let report = try TestProject.run("""
            template: care
            client:
              profile: { first_nme: Ada, uses_aac: maybe, preferred_name: [a], colour: red }

            """, name: "bad")
        #expect(report.results.first?.problems.map(\.description) == [
            "Fixtures/care/bad.yaml:3:14: client.profile.first_nme: unknown profile field (did you mean 'first_name'?)",
            "Fixtures/care/bad.yaml:3:40: client.profile.uses_aac: expected true or false, got 'maybe'",
            "Fixtures/care/bad.yaml:3:63: client.profile.preferred_name: expected text, got a list",
            "Fixtures/care/bad.yaml:3:68: client.profile.colour: unknown profile field (expected first_name, preferred_name or uses_aac)",
        ])
    }

    @Test func unknownAndIllTypedRecordFieldsAreReportedWhereTheyAre() throws {
        let report = try TestProject.run("""
            template: care
            client:
              records:
                - { id: CC-00001, type: care_contact, name: Bo, phne: "0400 000 000", mood: x }
                - { id: CC-00002, type: care_contact, name: [Al], relationship: Cousin }

            """, name: "bad")
        #expect(report.results.first?.problems.map(\.description) == [
            "Fixtures/care/bad.yaml:4:53: client.records[0].phne: unknown field of record type 'care_contact' (did you mean 'phone'?)",
            "Fixtures/care/bad.yaml:4:75: client.records[0].mood: unknown field of record type 'care_contact' (expected name, relationship or phone)",
            "Fixtures/care/bad.yaml:5:49: client.records[1].name: expected text, got a list",
            "Fixtures/care/bad.yaml:5:69: client.records[1].relationship: Choose one of: Parent, Sibling, Other",
        ])
    }
}
