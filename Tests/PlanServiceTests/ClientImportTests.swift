import Foundation
import PlanModel
import PlanService
import PlanStore
import Testing

@Suite struct ClientImportTests {
    @Test func importUpsertsClientsAndRecords() throws {
        let f = try ServiceFixture()
        let data = Data("""
            [{"id": "C-0001", "name": "Ada Nguyen", "profile": {"first_name": "Ada", "date_of_birth": "1990-03-01"},
              "records": [{"id": "CC-00077", "type": "care_contact", "name": "Bo Nguyen", "relationship": "Parent"}]}]
            """.utf8)
        let first = try f.service.importClients(data: data, file: "clients.json")
        #expect(first.created == ["C-0001"] && first.updated == [] && first.records == 1)
        let second = try f.service.importClients(data: data, file: "clients.json")
        // The same content again changes nothing, and says so.
        #expect(second.created == [] && second.updated == [] && second.unchanged == ["C-0001"] && second.changes == [])
        let ada = try f.service.client("C-0001")
        #expect(ada.client.profile["date_of_birth"] == .text("1990-03-01"))
        #expect(ada.records.map(\.id) == ["CC-00077"])
    }

    @Test func problemsNameTheFileTheEntryAndTheFieldAndNothingIsImported() throws {
        let f = try ServiceFixture()
        let data = Data("""
            {"id": "C-0020", "name": "Xu", "profile": {"shoe_size": 9}}
            {"id": "C-0021", "name": "Yan", "colour": "blue"}
            {"id": "C-0020", "name": "Xu again"}
            {"id": "C-0022", "records": []}
            {"id": "C-0023", "name": "Zed", "records": [{"id": "MED-1", "type": "medication", "name": "Panadol"}, {"type": "care_contact"}]}
            {"id": "C-0024", "name": "Fine Person"}
            """.utf8)
        let before = try f.dump()
        do {
            _ = try f.service.importClients(data: data, file: "clients.jsonl")
            Issue.record("an invalid file was imported")
        } catch let error as ServiceError {
            #expect(error.kind == .badInput)
            for reason in error.reasons { #expect(reason.hasPrefix("clients.jsonl: line "), "\(reason)") }
            #expect(error.reasons.contains("clients.jsonl: line 1 (C-0020), profile.shoe_size: is not a field of profile.yaml"))
            #expect(error.reasons.contains("clients.jsonl: line 2 (C-0021), colour: unknown key (expected id, name, profile, records)")
                    || error.reasons.contains("clients.jsonl: line 2, colour: unknown key (expected id, name, profile, records)"))
            #expect(error.reasons.contains("clients.jsonl: line 3 (C-0020), id: client C-0020 appears twice (also line 1)"))
            #expect(error.reasons.contains("clients.jsonl: line 5 (C-0023), records[1].id: is required"))
            #expect(!error.reasons.contains { $0.contains("C-0024") })
        }
        #expect(try f.dump() == before)
        #expect(throws: ServiceError.notFound("client", "C-0024", topic: .client)) { try f.service.client("C-0024") }
    }

    @Test func aRecordOfAnotherClientIsNotTakenOver() throws {
        let f = try ServiceFixture()
        try f.runDemo()
        let before = try f.dump()
        let data = Data(#"{"id": "C-0009", "name": "Kim Lo", "records": [{"id": "CC-00001", "type": "care_contact", "name": "Bo", "relationship": "Parent"}]}"#.utf8)
        #expect(throws: ServiceError.badInput("x.jsonl: record CC-00001 belongs to client C-0001, not C-0009")) {
            try f.service.importClients(data: data, file: "x.jsonl")
        }
        #expect(try f.dump() == before)
    }

    @Test(arguments: [
        ("", "empty.json: the file is empty; expected a JSON array or JSON lines of clients"),
        ("[1, 2", "empty.json:1:6: expected ',' or ']' in a list"),
    ])
    func aFileThatIsNotClientsIsBadInput(text: String, message: String?) throws {
        let f = try ServiceFixture()
        do {
            _ = try f.service.importClients(data: Data(text.utf8), file: "empty.json")
            Issue.record("imported")
        } catch let error as ServiceError {
            #expect(error.kind == .badInput)
            if let message { #expect(error.reasons == [message]) } else { #expect(error.reasons[0].hasPrefix("empty.json: not valid JSON")) }
        }
    }
}
