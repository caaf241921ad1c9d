import Foundation
import PlanModel
import PlanService
import Testing

/// One shared service called from many tasks at once: each call is attributed to its own caller and
/// dated by its own clock and evaluation date, and no change is lost.
@Suite struct ConcurrentCallerTests {
    @Test func eightConcurrentCallersAreEachAttributedAndDatedRight() async throws {
        let f = try ServiceFixture()
        try f.runDemo()
        for n in 1...8 { _ = try f.service.addUser("user\(n)", roles: [.coordinator], password: nil) }
        let service = f.service.service
        func caller(_ n: Int) -> Caller {
            Caller(user: "user\(n)", today: "2026-12-0\(n)", now: { "2026-12-0\(n)T10:00:00.000Z" })
        }
        // Four callers change different items of the same draft; four create plans for other clients.
        let sameDraft: [(Int, String, String)] = [
            (1, "what_matters", "important_to_me=Music"), (2, "medication_support", "pharmacy=Main St"),
            (3, "emergency_plan", "evacuation_support=Prompting"), (4, "goals", "progress_notes=On track"),
        ]
        let creations: [(Int, String, String)] = [
            (5, "C-0002", "home-care"), (6, "C-0003", "home-care"), (7, "C-0002", "ndis-core"), (8, "C-0003", "ndis-core"),
        ]
        let created = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
            for (n, item, assignment) in sameDraft {
                group.addTask {
                    _ = try service.call(as: caller(n)).setValues(plan: "SP-000002", item: item, [try Assignment.parse(assignment)])
                    return (n, nil)
                }
            }
            for (n, client, template) in creations {
                group.addTask { (n, try service.call(as: caller(n)).createPlan(client: client, template: template).plan.id) }
            }
            var ids: [Int: String] = [:]
            for try await (n, id) in group { if let id { ids[n] = id } }
            return ids
        }

        let history = try f.service.history("SP-000002")
        for (n, item, assignment) in sameDraft {
            let event = try #require(history.first { $0.action == "set" && $0.target.hasPrefix(item + ".") })
            #expect(event.user == "user\(n)")
            #expect(event.at == "2026-12-0\(n)T10:00:00.000Z")
            let value = String(assignment.split(separator: "=")[1])
            #expect(try f.service.evaluate("SP-000002").item(InstanceRef(item))?.values.values.contains { $0.displayText == value } == true)
        }
        for (n, client, template) in creations {
            let id = try #require(created[n])
            let plan = try #require(try f.service.plans(client: client).first { $0.id == id })
            #expect(plan.templateID == template)
            #expect(plan.createdOn == "2026-12-0\(n)")
            let events = try f.service.history(id)
            #expect(!events.isEmpty && events.allSatisfy { $0.user == "user\(n)" && $0.at == "2026-12-0\(n)T10:00:00.000Z" })
        }
        #expect(Set(created.values).count == 4)
    }
}
