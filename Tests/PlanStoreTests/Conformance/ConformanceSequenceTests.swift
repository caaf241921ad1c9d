import Testing
import PlanModel
@testable import PlanStore

/// Id series hand out every number once, in every store.
@Suite struct ConformanceSequenceTests {
    @Test(arguments: StoreKind.underTest)
    func recordIDsCountUpPerPrefix(kind: StoreKind) throws {
        let db = try kind.make()
        let ids = try db.store.write { tx in
            [try tx.nextRecordID(for: careContact), try tx.nextRecordID(for: careContact),
             try tx.nextRecordID(for: medication), try tx.nextRecordID(for: careContact)]
        }
        #expect(ids == ["CC-00001", "CC-00002", "MED-00001", "CC-00003"])
    }

    @Test(arguments: StoreKind.underTest)
    func importedRecordIDsMoveTheSequencePastThem(kind: StoreKind) throws {
        let db = try kind.make()
        try db.seed()
        try db.store.write { tx in
            try tx.upsert(ClientRecord(id: "CC-00077", type: "care_contact", clientID: "C-1"))
            try tx.upsert(ClientRecord(id: "CC-00010", type: "care_contact", clientID: "C-1"))
        }
        #expect(try db.store.write { try $0.nextRecordID(for: careContact) } == "CC-00078")
        #expect(try db.store.write { try $0.nextRecordID(for: medication) } == "MED-00001")
    }

    @Test(arguments: StoreKind.underTest)
    func aNumberIsNotHandedOutTwiceButARolledBackOneIsFreeAgain(kind: StoreKind) throws {
        let db = try kind.make()
        #expect(try db.store.write { try $0.nextRecordID(for: careContact) } == "CC-00001")
        #expect(try db.store.write { try $0.nextRecordID(for: careContact) } == "CC-00002")
        #expect(throws: Boom.self) { try db.store.write { tx in _ = try tx.nextRecordID(for: careContact); throw Boom() } }
        #expect(try db.store.write { try $0.nextRecordID(for: careContact) } == "CC-00003")
    }

    @Test(arguments: StoreKind.underTest)
    func planIDsCountUpAndSkipInsertedOnes(kind: StoreKind) throws {
        let db = try kind.make()
        try db.seed()
        #expect(try db.store.write { try $0.nextPlanID() } == "SP-000001")
        try db.store.write { try $0.insert(samplePlan("SP-000041")) }
        #expect(try db.store.write { try $0.nextPlanID() } == "SP-000042")
        // A plan id of another shape moves no series.
        try db.store.write { try $0.insert(samplePlan("PLAN-000900", status: .discarded)) }
        #expect(try db.store.write { try $0.nextPlanID() } == "SP-000043")
    }

    @Test(arguments: StoreKind.underTest.flatMap { kind in
        ["CC-9223372036854775807", "CC-1000000000", "CC-99999999999999999999999"].map { (kind, $0) }
    })
    func aRecordIDPastTheLargestNumberIsRefusedAndStoresNothing(kind: StoreKind, id: String) throws {
        let db = try kind.make()
        try db.seed()
        let before = try db.snapshot()
        #expect { try db.store.write { try $0.upsert(ClientRecord(id: id, type: "care_contact", clientID: "C-1")) } } throws: { error in
            (error as? StoreError)?.description == "The id '\(id)' has a number past 999999999, the largest an id may use"
        }
        #expect(try db.snapshot() == before)
        #expect(try db.store.write { try $0.nextRecordID(for: careContact) } == "CC-00001")
    }

    @Test(arguments: StoreKind.underTest)
    func aSeriesAtTheLargestNumberRefusesInsteadOfLoopingOrTrapping(kind: StoreKind) throws {
        let db = try kind.make()
        try db.seed()
        try db.store.write { try $0.upsert(ClientRecord(id: "CC-999999999", type: "care_contact", clientID: "C-1")) }
        #expect { try db.store.write { try $0.nextRecordID(for: careContact) } } throws: { error in
            (error as? StoreError)?.description
                == "Every number of the id series 'record:CC' up to 999999999 is used; no new id can be handed out"
        }
        try db.store.write { try $0.insert(samplePlan("SP-999999999")) }
        #expect(throws: StoreError(.constraint, "Every number of the id series 'plan' up to 999999999 is used; no new id can be handed out")) {
            try db.store.write { try $0.nextPlanID() }
        }
    }
}
