import Testing
import PlanModel
@testable import PlanStore

/// What goes into every store comes back out exactly.
@Suite struct ConformanceRoundTripTests {
    @Test(arguments: StoreKind.underTest)
    func aClientWithAProfileOfEveryValueKindRoundTrips(kind: StoreKind) throws {
        let db = try kind.make()
        let client = Client(id: "C-0001", name: "Ada Nguyen", profile: everyKindOfValue, latestPlanID: "SP-000009")
        try db.store.write { try $0.upsert(client) }
        let stored = try db.store.read { try $0.client(id: "C-0001") }
        #expect(stored == client)
        // Whole numbers stay numbers and integers stay integers.
        #expect(stored?.profile["weight"] == .number(70.0))
        #expect(stored?.profile["age"] == .integer(34))
        #expect(stored?.profile["looks_numeric"] == .text("42"))
    }

    @Test(arguments: StoreKind.underTest)
    func upsertingAClientReplacesItsNameAndProfile(kind: StoreKind) throws {
        let db = try kind.make()
        try db.store.write { try $0.upsert(Client(id: "C-1", name: "Ada", profile: ["a": .integer(1)])) }
        try db.store.write { try $0.upsert(Client(id: "C-1", name: "Ada N", profile: ["b": .boolean(true)])) }
        #expect(try db.store.read { try $0.allClients() } == [Client(id: "C-1", name: "Ada N", profile: ["b": .boolean(true)])])
    }

    @Test(arguments: StoreKind.underTest)
    func clientsAreListedInIDOrder(kind: StoreKind) throws {
        let db = try kind.make()
        try db.store.write { tx in for id in ["C-2", "C-10", "C-1", "c-0", "C-1a"] { try tx.upsert(Client(id: id, name: id)) } }
        #expect(try db.store.read { try $0.allClients() }.map(\.id) == ["C-1", "C-10", "C-1a", "C-2", "c-0"])
    }

    @Test(arguments: StoreKind.underTest)
    func anInfiniteNumberIsRefusedAndStoresNothing(kind: StoreKind) throws {
        let db = try kind.make()
        #expect(throws: StoreError(.constraint, "Cannot store the profile of client 'C-1': the number inf cannot be stored")) {
            try db.store.write { try $0.upsert(Client(id: "C-1", name: "Ada", profile: ["x": .number(.infinity)])) }
        }
        #expect(try db.store.read { try $0.allClients() } == [])
    }

    @Test(arguments: StoreKind.underTest)
    func aRecordRoundTripsAndIsListedWithItsClient(kind: StoreKind) throws {
        let db = try kind.make()
        try db.seed(clients: ["C-1", "C-2"])
        let records = [
            ClientRecord(id: "CC-00077", type: "care_contact", clientID: "C-1", fields: everyKindOfValue),
            ClientRecord(id: "CC-00003", type: "care_contact", clientID: "C-1", fields: ["name": .text("Bo")]),
            ClientRecord(id: "MED-00001", type: "medication", clientID: "C-2"),
        ]
        try db.store.write { tx in for record in records { try tx.upsert(record) } }
        try db.store.read { (tx) throws in
            #expect(try tx.record(id: "CC-00077") == records[0])
            #expect(try tx.records(clientID: "C-1").map(\.id) == ["CC-00003", "CC-00077"])
            #expect(try tx.records(clientID: "C-2") == [records[2]])
            #expect(try tx.record(id: "CC-99999") == nil)
        }
        // A record moved to another client is listed with that client only.
        try db.store.write { try $0.upsert(ClientRecord(id: "CC-00003", type: "care_contact", clientID: "C-2")) }
        #expect(try db.store.read { try $0.records(clientID: "C-2").map(\.id) } == ["CC-00003", "MED-00001"])
        #expect(try db.store.read { try $0.records(clientID: "C-1").map(\.id) } == ["CC-00077"])
    }

    @Test(arguments: StoreKind.underTest)
    func aRecordOfAMissingClientIsRefusedNamingTheClient(kind: StoreKind) throws {
        let db = try kind.make()
        #expect(throws: StoreError(.notFound, "Record 'CC-00001' belongs to client 'C-9', which does not exist")) {
            try db.store.write { try $0.upsert(ClientRecord(id: "CC-00001", type: "care_contact", clientID: "C-9")) }
        }
    }

    @Test(arguments: StoreKind.underTest)
    func aTemplateVersionRoundTrips(kind: StoreKind) throws {
        let db = try kind.make()
        let libraries = ["carelib": "return {}\n", "dates": "local M = {}\nreturn M\n"]
        let result = try db.store.write { tx in
            try tx.publish(templateID: "ndis-core", manifest: "id: ndis-core\nname: NDIS\n", rulesSource: "-- rules\n",
                           libraries: libraries, now: "2025-01-01T09:00:00Z")
        }
        #expect(result.version == 1 && result.created)
        let stored = try #require(try db.store.read { try $0.templateVersion(id: "ndis-core", version: 1) })
        #expect(stored == StoredTemplateVersion(
            id: "ndis-core", version: 1, manifest: "id: ndis-core\nname: NDIS\n", rulesSource: "-- rules\n",
            libraries: libraries, hash: StoredTemplateVersion.contentHash(manifest: "id: ndis-core\nname: NDIS\n",
                                                                          rulesSource: "-- rules\n", libraries: libraries),
            publishedAt: "2025-01-01T09:00:00Z"))
        #expect(try db.store.read { try $0.templateIDs() } == ["ndis-core"])
        #expect(try db.store.read { try $0.templateVersion(id: "ndis-core", version: 2) } == nil)
        #expect(try db.store.read { try $0.templateVersion(id: "ndis-core", version: 0) } == nil)
    }

    @Test(arguments: StoreKind.underTest)
    func aTemplateVersionKeepsTheCatalogsItWasPublishedWith(kind: StoreKind) throws {
        let db = try kind.make()
        let (profile, types) = ("fields:\n  - { key: phone, type: phone }\n", "types: []\n")
        try db.store.write { tx in
            _ = try tx.publish(templateID: "t", manifest: "id: t\n", rulesSource: nil, libraries: [:], now: "n")
            _ = try tx.publish(templateID: "t", manifest: "id: t\n", rulesSource: nil, libraries: [:],
                               profileSource: profile, recordTypesSource: types, now: "n")
        }
        let old = try #require(try db.store.read { try $0.templateVersion(id: "t", version: 1) })
        let kept = try #require(try db.store.read { try $0.templateVersion(id: "t", version: 2) })
        // A version published without catalogs reads back without them, and hashes as before they existed.
        #expect(old.profileSource == nil && old.recordTypesSource == nil && !old.hasCatalogs)
        #expect(old.hash == StoredTemplateVersion.contentHash(manifest: "id: t\n", rulesSource: nil, libraries: [:]))
        #expect(kept.profileSource == profile && kept.recordTypesSource == types && kept.hasCatalogs)
        #expect(kept.hash == StoredTemplateVersion.contentHash(manifest: "id: t\n", rulesSource: nil, libraries: [:],
                                                               profileSource: profile, recordTypesSource: types))
        // The same texts again add nothing; a changed catalog is a new version.
        try db.store.write { (tx) throws in
            #expect(try tx.publish(templateID: "t", manifest: "id: t\n", rulesSource: nil, libraries: [:],
                                   profileSource: profile, recordTypesSource: types, now: "n") == (2, false))
            #expect(try tx.publish(templateID: "t", manifest: "id: t\n", rulesSource: nil, libraries: [:],
                                   profileSource: "fields: []\n", recordTypesSource: types, now: "n") == (3, true))
        }
    }

    @Test(arguments: StoreKind.underTest)
    func aPlanWithInstancesOfEveryStatusRoundTrips(kind: StoreKind) throws {
        let db = try kind.make()
        try db.seed()
        let plan = SupportPlan(
            id: "SP-000001", clientID: "C-1", templateID: "ndis-core", templateVersion: 1, status: .draft,
            previousPlanID: nil, goalAttainmentPlanID: "GAP-00001", behaviourSupportPlanID: "BSP-00002",
            createdOn: "2025-01-02", activationDate: "2025-02-01", expiryDate: "2026-02-01",
            instances: [
                ItemInstance(key: "about_me", status: .complete, values: ["preferred_name": .text("Ada")],
                             snapshot: everyKindOfValue),
                ItemInstance(key: "medications", instance: 1, status: .open, records: ["MED-00002", "MED-00001"]),
                ItemInstance(key: "medications", instance: 2, status: .reviewed, values: everyKindOfValue,
                             records: ["MED-00003"]),
                ItemInstance(key: "video", status: .notRequired, url: "https://example.org/v?a=1&b=\"2\"",
                             notRequiredReason: "Client declined"),
                ItemInstance(key: "empty_snapshot", status: .complete, snapshot: [:]),
                ItemInstance(key: "a_last_but_not_least", status: .open),
            ],
            revision: 0)
        try db.store.write { try $0.insert(plan) }
        #expect(try db.store.read { try $0.plan(id: "SP-000001") } == plan)
        #expect(try db.store.read { try $0.plans(clientID: "C-1", status: nil) } == [plan])
    }

    @Test(arguments: StoreKind.underTest)
    func planLookupsFilterByClientStatusAndReview(kind: StoreKind) throws {
        let db = try kind.make()
        try db.seed(clients: ["C-1", "C-2"])
        try db.store.write { tx in
            try tx.insert(samplePlan("SP-000003", client: "C-2", status: .discarded))
            try tx.insert(samplePlan("SP-000001", status: .active))
            var review = samplePlan("SP-000002")
            review.previousPlanID = "SP-000001"
            try tx.insert(review)
        }
        try db.store.read { (tx) throws in
            #expect(try tx.plans(clientID: nil, status: nil).map(\.id) == ["SP-000001", "SP-000002", "SP-000003"])
            #expect(try tx.plans(clientID: "C-1", status: nil).map(\.id) == ["SP-000001", "SP-000002"])
            #expect(try tx.plans(clientID: nil, status: .discarded).map(\.id) == ["SP-000003"])
            #expect(try tx.plans(clientID: "C-2", status: .active).isEmpty)
            #expect(try tx.activePlan(clientID: "C-1")?.id == "SP-000001")
            #expect(try tx.activePlan(clientID: "C-2") == nil)
            #expect(try tx.reviewDraft(of: "SP-000001")?.id == "SP-000002")
            #expect(try tx.reviewDraft(of: "SP-000002") == nil)
            #expect(try tx.planCount(statuses: [.draft, .active]) == 2)
            #expect(try tx.planCount(statuses: [.discarded]) == 1)
            #expect(try tx.planCount(statuses: []) == 0)
        }
    }

    @Test(arguments: StoreKind.underTest)
    func historyIsReturnedInTheOrderItWasAppended(kind: StoreKind) throws {
        let db = try kind.make()
        try db.seed()
        let events = [
            HistoryEvent(planID: "SP-000001", at: "2025-01-02T10:00:00Z", user: "kim", action: "create"),
            HistoryEvent(planID: "SP-000001", at: "2025-01-02T10:00:00Z", user: "kim", action: "set",
                         target: "medications#2.dose", before: nil, after: "\"5 mg\""),
            HistoryEvent(planID: "SP-000001", at: "2025-01-02T09:00:00Z", user: "lee", action: "profile",
                         target: "profile.phone", before: "\"1\"", after: nil),
        ]
        try db.store.write { tx in
            try tx.insert(samplePlan("SP-000001"))
            try tx.append(Array(events.prefix(2)))
        }
        try db.store.write { try $0.append([events[2]]) }
        #expect(try db.store.read { try $0.history(planID: "SP-000001") } == events)
        #expect(try db.store.read { try $0.history(planID: "SP-000404") } == [])
    }

    @Test(arguments: StoreKind.underTest)
    func historyOfAMissingPlanIsRefused(kind: StoreKind) throws {
        let db = try kind.make()
        #expect(throws: StoreError(.notFound, "Cannot record history of plan 'SP-000404', which does not exist")) {
            try db.store.write { try $0.append([HistoryEvent(planID: "SP-000404", at: "t", user: "u", action: "set")]) }
        }
    }

    @Test(arguments: StoreKind.underTest)
    func clientHistoryIsReturnedInTheOrderItWasAppended(kind: StoreKind) throws {
        let db = try kind.make()
        try db.seed(clients: ["C-1", "C-2"])
        let events = [
            ClientEvent(clientID: "C-1", at: "2025-01-02T10:00:00Z", user: "kim", action: "import", target: "name",
                        before: "\"Ada\"", after: "\"Ada N\""),
            ClientEvent(clientID: "C-1", at: "2025-01-02T09:00:00Z", user: "kim", action: "import_record",
                        target: "CC-00077.phone", before: nil, after: "\"0400\""),
            ClientEvent(clientID: "C-2", at: "2025-01-03T09:00:00Z", user: "lee", action: "import", target: "profile.phone"),
        ]
        try db.store.write { try $0.append(Array(events.prefix(2))) }
        try db.store.write { try $0.append([events[2]]) }
        #expect(try db.store.read { try $0.clientHistory(clientID: "C-1") } == Array(events.prefix(2)))
        #expect(try db.store.read { try $0.clientHistory(clientID: "C-2") } == [events[2]])
        #expect(try db.store.read { try $0.clientHistory(clientID: "C-9") } == [])
        #expect(throws: StoreError(.notFound, "Cannot record history of client 'C-9', which does not exist")) {
            try db.store.write { try $0.append([ClientEvent(clientID: "C-9", at: "t", user: "u", action: "import", target: "name")]) }
        }
    }

    @Test(arguments: StoreKind.underTest)
    func aPlanMissingWhatItPointsAtIsRefusedNamingIt(kind: StoreKind) throws {
        let db = try kind.make()
        try db.seed()
        var plan = samplePlan("SP-000001")
        plan.templateVersion = 7
        #expect(throws: StoreError(.notFound, "Plan SP-000001 is made from version 7 of template 'ndis-core', which has not been published")) {
            try db.store.write { try $0.insert(plan) }
        }
        #expect(throws: StoreError(.notFound, "Plan SP-000002 is for client 'C-9', which does not exist")) {
            try db.store.write { try $0.insert(samplePlan("SP-000002", client: "C-9")) }
        }
        var review = samplePlan("SP-000003")
        review.previousPlanID = "SP-000404"
        #expect(throws: StoreError(.notFound, "Plan SP-000003 reviews plan 'SP-000404', which does not exist")) {
            try db.store.write { try $0.insert(review) }
        }
        #expect(try db.store.read { try $0.plans(clientID: nil, status: nil) } == [])
    }

    @Test(arguments: StoreKind.underTest)
    func missingThingsAreNamedInNotFoundErrors(kind: StoreKind) throws {
        let db = try kind.make()
        try db.store.read { (tx) throws in
            #expect(throws: StoreError(.notFound, "No client with id 'C-9'")) { try tx.requireClient(id: "C-9") }
            #expect(throws: StoreError(.notFound, "No record with id 'CC-1'")) { try tx.requireRecord(id: "CC-1") }
            #expect(throws: StoreError(.notFound, "No plan with id 'SP-1'")) { try tx.requirePlan(id: "SP-1") }
            #expect(throws: StoreError(.notFound, "No version 2 of template 't' has been published")) {
                try tx.requireTemplateVersion(id: "t", version: 2)
            }
        }
        #expect(throws: StoreError(.notFound, "No plan with id 'SP-000001'")) {
            try db.store.write { try $0.update(samplePlan("SP-000001"), expectedRevision: 0) }
        }
    }
}
