import Testing
import PlanModel
@testable import PlanStore

@Suite struct SequenceTests {
    let careContact = RecordType(key: "care_contact", label: "Care contact", prefix: "CC", display: [], fields: [])
    let medication = RecordType(key: "medication", label: "Medication", prefix: "MED", display: [], fields: [])

    @Test func recordIDsCountUpPerPrefix() throws {
        let fixture = try StoreFixture()
        let ids = try fixture.store.write { tx in
            [try tx.nextRecordID(for: careContact), try tx.nextRecordID(for: careContact),
             try tx.nextRecordID(for: medication), try tx.nextRecordID(for: careContact)]
        }
        #expect(ids == ["CC-00001", "CC-00002", "MED-00001", "CC-00003"])
    }

    @Test func importedRecordIDsMoveTheSequencePastThem() throws {
        let fixture = try StoreFixture()
        try fixture.seed()
        try fixture.store.write { tx in
            try tx.upsert(ClientRecord(id: "CC-00077", type: "care_contact", clientID: "C-1"))
            try tx.upsert(ClientRecord(id: "CC-00010", type: "care_contact", clientID: "C-1"))
        }
        #expect(try fixture.store.write { try $0.nextRecordID(for: careContact) } == "CC-00078")
        #expect(try fixture.store.write { try $0.nextRecordID(for: medication) } == "MED-00001")
    }

    @Test func aNumberHandedOutIsNotReusedAfterCommit() throws {
        let fixture = try StoreFixture()
        #expect(try fixture.store.write { try $0.nextRecordID(for: careContact) } == "CC-00001")
        #expect(try fixture.store.write { try $0.nextRecordID(for: careContact) } == "CC-00002")
        // A rolled-back transaction stored nothing, so its number is free again.
        #expect(throws: Boom.self) { try fixture.store.write { tx in _ = try tx.nextRecordID(for: careContact); throw Boom() } }
        #expect(try fixture.store.write { try $0.nextRecordID(for: careContact) } == "CC-00003")
    }

    @Test func planIDsCountUpAndSkipInsertedOnes() throws {
        let fixture = try StoreFixture()
        try fixture.seed()
        #expect(try fixture.store.write { try $0.nextPlanID() } == "SP-000001")
        try fixture.store.write { try $0.insert(samplePlan("SP-000041")) }
        #expect(try fixture.store.write { try $0.nextPlanID() } == "SP-000042")
    }

    @Test func idsSplitIntoPrefixAndNumber() {
        #expect(SQLiteSession.split("CC-00077")! == ("CC", 77))
        #expect(SQLiteSession.split("MY-TYPE-00003")! == ("MY-TYPE", 3))
        #expect(SQLiteSession.split("CC-") == nil)
        #expect(SQLiteSession.split("CC-7a") == nil)
        #expect(SQLiteSession.split("00077") == nil)
    }
}
