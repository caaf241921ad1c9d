import Testing
import PlanModel
@testable import PlanStore

@Suite struct RoundTripTests {
    @Test func aClientWithAProfileOfEveryValueKindRoundTrips() throws {
        let fixture = try StoreFixture()
        let client = Client(id: "C-0001", name: "Ada Nguyen", profile: everyKindOfValue, latestPlanID: "SP-000009")
        try fixture.store.write { try $0.upsert(client) }
        let stored = try fixture.store.read { try $0.client(id: "C-0001") }
        #expect(stored == client)
        // Whole numbers stay numbers and integers stay integers.
        #expect(stored?.profile["weight"] == .number(70.0))
        #expect(stored?.profile["age"] == .integer(34))
        #expect(stored?.profile["looks_numeric"] == .text("42"))
    }

    @Test func upsertingAClientReplacesItsNameAndProfile() throws {
        let fixture = try StoreFixture()
        try fixture.store.write { try $0.upsert(Client(id: "C-1", name: "Ada", profile: ["a": .integer(1)])) }
        try fixture.store.write { try $0.upsert(Client(id: "C-1", name: "Ada N", profile: ["b": .boolean(true)])) }
        let all = try fixture.store.read { try $0.allClients() }
        #expect(all == [Client(id: "C-1", name: "Ada N", profile: ["b": .boolean(true)])])
    }

    @Test func aRecordRoundTripsAndIsListedWithItsClient() throws {
        let fixture = try StoreFixture()
        try fixture.seed(clients: ["C-1", "C-2"])
        let records = [
            ClientRecord(id: "CC-00077", type: "care_contact", clientID: "C-1", fields: everyKindOfValue),
            ClientRecord(id: "CC-00003", type: "care_contact", clientID: "C-1", fields: ["name": .text("Bo")]),
            ClientRecord(id: "MED-00001", type: "medication", clientID: "C-2"),
        ]
        try fixture.store.write { tx in for record in records { try tx.upsert(record) } }
        try fixture.store.read { (tx) throws in
            #expect(try tx.record(id: "CC-00077") == records[0])
            #expect(try tx.records(clientID: "C-1").map(\.id) == ["CC-00003", "CC-00077"])
            #expect(try tx.records(clientID: "C-2") == [records[2]])
            #expect(try tx.record(id: "CC-99999") == nil)
        }
    }

    @Test func aRecordOfAMissingClientIsRefusedNamingTheClient() throws {
        let fixture = try StoreFixture()
        #expect(throws: StoreError(.notFound, "Record 'CC-00001' belongs to client 'C-9', which does not exist")) {
            try fixture.store.write { try $0.upsert(ClientRecord(id: "CC-00001", type: "care_contact", clientID: "C-9")) }
        }
    }

    @Test func aTemplateVersionRoundTrips() throws {
        let fixture = try StoreFixture()
        let libraries = ["carelib": "return {}\n", "dates": "local M = {}\nreturn M\n"]
        let result = try fixture.store.write { tx in
            try tx.publish(templateID: "ndis-core", manifest: "id: ndis-core\nname: NDIS\n", rulesSource: "-- rules\n",
                           libraries: libraries, now: "2025-01-01T09:00:00Z")
        }
        #expect(result.version == 1 && result.created)
        let stored = try #require(try fixture.store.read { try $0.templateVersion(id: "ndis-core", version: 1) })
        #expect(stored == StoredTemplateVersion(
            id: "ndis-core", version: 1, manifest: "id: ndis-core\nname: NDIS\n", rulesSource: "-- rules\n",
            libraries: libraries, hash: StoredTemplateVersion.contentHash(manifest: "id: ndis-core\nname: NDIS\n",
                                                                          rulesSource: "-- rules\n", libraries: libraries),
            publishedAt: "2025-01-01T09:00:00Z"))
        #expect(stored.hash.count == 64)
        #expect(try fixture.store.read { try $0.templateIDs() } == ["ndis-core"])
    }

    @Test func aPlanWithInstancesOfEveryStatusRoundTrips() throws {
        let fixture = try StoreFixture()
        try fixture.seed()
        let plan = SupportPlan(
            id: "SP-000001", clientID: "C-1", templateID: "ndis-core", templateVersion: 1, status: .draft,
            previousPlanID: nil, goalAttainmentPlanID: "GAP-00001", behaviourSupportPlanID: "BSP-00002",
            createdOn: "2025-01-02", activationDate: nil, expiryDate: nil,
            instances: [
                ItemInstance(key: "about_me", status: .complete, values: ["preferred_name": .text("Ada")],
                             snapshot: everyKindOfValue),
                ItemInstance(key: "medications", instance: 1, status: .open, records: ["MED-00002", "MED-00001"]),
                ItemInstance(key: "medications", instance: 2, status: .reviewed, values: everyKindOfValue,
                             records: ["MED-00003"]),
                ItemInstance(key: "video", status: .notRequired, url: "https://example.org/v?a=1&b=\"2\"",
                             notRequiredReason: "Client declined"),
                ItemInstance(key: "empty_snapshot", status: .complete, snapshot: [:]),
            ],
            revision: 0)
        try fixture.store.write { try $0.insert(plan) }
        #expect(try fixture.store.read { try $0.plan(id: "SP-000001") } == plan)
    }

    @Test func planLookupsFilterByClientStatusAndReview() throws {
        let fixture = try StoreFixture()
        try fixture.seed(clients: ["C-1", "C-2"])
        try fixture.store.write { tx in
            try tx.insert(samplePlan("SP-000001", status: .active))
            var review = samplePlan("SP-000002")
            review.previousPlanID = "SP-000001"
            try tx.insert(review)
            try tx.insert(samplePlan("SP-000003", client: "C-2", status: .discarded))
        }
        try fixture.store.read { (tx) throws in
            #expect(try tx.plans(clientID: nil, status: nil).map(\.id) == ["SP-000001", "SP-000002", "SP-000003"])
            #expect(try tx.plans(clientID: "C-1", status: nil).map(\.id) == ["SP-000001", "SP-000002"])
            #expect(try tx.plans(clientID: nil, status: .discarded).map(\.id) == ["SP-000003"])
            #expect(try tx.plans(clientID: "C-2", status: .active).isEmpty)
            #expect(try tx.activePlan(clientID: "C-1")?.id == "SP-000001")
            #expect(try tx.activePlan(clientID: "C-2") == nil)
            #expect(try tx.reviewDraft(of: "SP-000001")?.id == "SP-000002")
            #expect(try tx.reviewDraft(of: "SP-000002") == nil)
        }
    }

    @Test func historyIsReturnedInTheOrderItWasAppended() throws {
        let fixture = try StoreFixture()
        try fixture.seed()
        let events = [
            HistoryEvent(planID: "SP-000001", at: "2025-01-02T10:00:00Z", user: "kim", action: "create"),
            HistoryEvent(planID: "SP-000001", at: "2025-01-02T10:00:00Z", user: "kim", action: "set",
                         target: "medications#2.dose", before: nil, after: "\"5 mg\""),
            HistoryEvent(planID: "SP-000001", at: "2025-01-02T09:00:00Z", user: "lee", action: "profile",
                         target: "profile.phone", before: "\"1\"", after: nil),
        ]
        try fixture.store.write { tx in
            try tx.insert(samplePlan("SP-000001"))
            try tx.append(Array(events.prefix(2)))
        }
        try fixture.store.write { try $0.append([events[2]]) }
        #expect(try fixture.store.read { try $0.history(planID: "SP-000001") } == events)
        #expect(try fixture.store.read { try $0.history(planID: "SP-000404") } == [])
    }

    @Test func historyOfAMissingPlanIsRefused() throws {
        let fixture = try StoreFixture()
        #expect(throws: StoreError(.notFound, "Cannot record history of plan 'SP-000404', which does not exist")) {
            try fixture.store.write { try $0.append([HistoryEvent(planID: "SP-000404", at: "t", user: "u", action: "set")]) }
        }
    }

    @Test func aPlanOfAnUnpublishedTemplateVersionIsRefused() throws {
        let fixture = try StoreFixture()
        try fixture.seed()
        var plan = samplePlan("SP-000001")
        plan.templateVersion = 7
        #expect(throws: StoreError(.notFound, "Plan SP-000001 is made from version 7 of template 'ndis-core', which has not been published")) {
            try fixture.store.write { try $0.insert(plan) }
        }
        #expect(throws: StoreError(.notFound, "Plan SP-000002 is for client 'C-9', which does not exist")) {
            try fixture.store.write { try $0.insert(samplePlan("SP-000002", client: "C-9")) }
        }
    }

    @Test func missingThingsAreNamedInNotFoundErrors() throws {
        let fixture = try StoreFixture()
        try fixture.store.read { (tx) throws in
            #expect(throws: StoreError(.notFound, "No client with id 'C-9'")) { try tx.requireClient(id: "C-9") }
            #expect(throws: StoreError(.notFound, "No record with id 'CC-1'")) { try tx.requireRecord(id: "CC-1") }
            #expect(throws: StoreError(.notFound, "No plan with id 'SP-1'")) { try tx.requirePlan(id: "SP-1") }
            #expect(throws: StoreError(.notFound, "No version 2 of template 't' has been published")) {
                try tx.requireTemplateVersion(id: "t", version: 2)
            }
        }
        #expect(throws: StoreError(.notFound, "No plan with id 'SP-000001'")) {
            try fixture.store.write { try $0.update(samplePlan("SP-000001"), expectedRevision: 0) }
        }
    }
}
