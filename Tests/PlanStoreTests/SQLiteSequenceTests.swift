import Testing
import PlanModel
@testable import PlanStore

/// Id arithmetic, and numbers only another program could have written into the SQLite file.
@Suite struct SQLiteSequenceTests {
    @Test func idsSplitIntoPrefixAndNumber() throws {
        #expect(try SQLiteSession.split("CC-00077")! == ("CC", 77))
        #expect(try SQLiteSession.split("MY-TYPE-00003")! == ("MY-TYPE", 3))
        #expect(try SQLiteSession.split("CC-") == nil)
        #expect(try SQLiteSession.split("CC-7a") == nil)
        #expect(try SQLiteSession.split("00077") == nil)
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
