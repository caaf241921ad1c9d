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

    @Test func idsSplitIntoPrefixAndNumber() throws {
        #expect(try SQLiteSession.split("CC-00077")! == ("CC", 77))
        #expect(try SQLiteSession.split("MY-TYPE-00003")! == ("MY-TYPE", 3))
        #expect(try SQLiteSession.split("CC-") == nil)
        #expect(try SQLiteSession.split("CC-7a") == nil)
        #expect(try SQLiteSession.split("00077") == nil)
    }

    @Test(arguments: ["CC-9223372036854775807", "CC-1000000000", "CC-99999999999999999999999"])
    func aRecordIDPastTheLargestNumberIsRefusedAndStoresNothing(id: String) throws {
        let fixture = try StoreFixture()
        try fixture.seed()
        let before = try fixture.store.contentDump()
        #expect { try fixture.store.write { try $0.upsert(ClientRecord(id: id, type: "care_contact", clientID: "C-1")) } } throws: { error in
            (error as? StoreError)?.description == "The id '\(id)' has a number past 999999999, the largest an id may use"
        }
        #expect(try fixture.store.contentDump() == before)
        #expect(try fixture.store.write { try $0.nextRecordID(for: careContact) } == "CC-00001")
    }

    @Test func aSeriesAtTheLargestNumberRefusesInsteadOfLoopingOrTrapping() throws {
        let fixture = try StoreFixture()
        try fixture.seed()
        try fixture.store.write { try $0.upsert(ClientRecord(id: "CC-999999999", type: "care_contact", clientID: "C-1")) }
        #expect { try fixture.store.write { try $0.nextRecordID(for: careContact) } } throws: { error in
            (error as? StoreError)?.description
                == "Every number of the id series 'record:CC' up to 999999999 is used; no new id can be handed out"
        }
    }

    @Test func aSequenceLeftAtInt64MaxByAnotherProgramRefusesToHandOutMore() throws {
        let fixture = try StoreFixture()
        try fixture.store.write { tx in
            try (tx as! SQLiteSession).db.execute(sql: "INSERT INTO id_sequence (name, last) VALUES ('plan', 9223372036854775807)")
        }
        #expect { try fixture.store.write { try $0.nextPlanID() } } throws: { error in (error as? StoreError)?.kind == .constraint }
    }

    @Test func aPlanStoredAtTheLargestRevisionIsRefusedNotTrapped() throws {
        let fixture = try StoreFixture()
        try fixture.seed()
        try fixture.store.write { try $0.insert(samplePlan("SP-000001")) }
        try fixture.store.write { tx in
            try (tx as! SQLiteSession).db.execute(sql: "UPDATE plan SET revision = 9223372036854775807")
        }
        let plan = try fixture.store.read { try $0.requirePlan(id: "SP-000001") }
        #expect { try fixture.store.write { try $0.update(plan, expectedRevision: plan.revision) } } throws: { error in
            (error as? StoreError)?.kind == .corrupt
        }
    }
}
