import Foundation
import PlanModel
import PlanStore

/// One step of the demo, as a person reads it.
public struct DemoStep: Sendable {
    public var title: String
    public var lines: [String]
}

/// The sample run: a fresh database with the sample clients and templates,
/// one plan worked through from creation to activation, and a review started.
public enum Demo {
    /// Plan values the demo enters where the sample template needs them.
    static let entries: [String: [(String, String)]] = [
        "what_matters": [("important_to_me", "My cat Miso, and seeing my brother on Sundays.")],
        "medication_support": [("support_level", "Prompting"), ("pharmacy", "Carlton Priceline")],
        "emergency_plan": [("evacuation_support", "Wheelchair evacuation")],
        "behaviour_overview": [("triggers", "Loud, crowded rooms; changes to the day's plan without warning."),
                               ("what_helps", "Time in a quiet room, headphones, and a picture schedule.")],
        "personal_care": [("showering", "Assistance"), ("toileting", "Prompting"), ("dressing", "Assistance")],
        "mealtimes": [("food_texture", "Soft and bite-sized (IDDSI 6)"), ("drink_thickness", "Thin (IDDSI 0)")],
        "goals": [("how_we_support", "Practise the tram trip each Tuesday; plan a weekly meal together.")],
        "community_activities": [("activity", "Art class at the Carlton library"), ("day", "Tuesday"), ("transport", "Public transport")],
    ]
    static let links: [String: [String]] = [
        "risk_assessments": ["RA-00001"],
        "behaviour_strategies": ["BST-00001", "BST-00002"],
        "service_providers": ["PRV-00001"],
    ]

    public static func run(service: ServiceCall, step: (DemoStep) -> Void) throws {
        let clients = Data(DemoData.clientsJSON.utf8)
        let imported = try service.importClients(data: clients, file: "sample clients")
        step(DemoStep(title: "Imported the sample clients", lines: [
            "\(imported.created.count) clients (C-0001 Ada Nguyen, C-0002 Ron Walsh, C-0003 Mia Roberts) with \(imported.records) records"]))

        let ids = try service.templates().filter(\.onDisk).map(\.id)
        let published = try service.publish(ids)
        step(DemoStep(title: "Published every template in the Rules folder", lines: published.map { "\($0.id) v\($0.version)" }))

        let created = try service.createPlan(client: "C-0001", template: "ndis-core", goalPlan: "GAP-00001", behaviourPlan: "BSP-00001")
        let plan = created.plan.id
        step(DemoStep(title: "Created \(plan) for Ada Nguyen from ndis-core", lines: [
            "with her goal attainment plan GAP-00001 and behaviour support plan BSP-00001",
            progress(created.evaluation),
            "defaults applied, e.g. emergency_contacts linked \(created.evaluation.item(InstanceRef("emergency_contacts"))?.records.joined(separator: ", ") ?? "nothing") (marked as her emergency contact)"]))

        var change = try service.setValues(plan: plan, item: "preferred_name", [Assignment(key: "preferred_name", text: "Ada")])
        change = try service.complete(plan: plan, item: "preferred_name")
        step(DemoStep(title: "Profile item: preferred name confirmed and completed", lines: [
            "the shown values were written to Ada's profile and kept as the item's snapshot", progress(change.evaluation)]))

        let offered = try service.candidates(plan: plan, item: "current_medications").map(\.id)
        var lines = ["candidates for current_medications: \(offered.joined(separator: ", ")) (the ceased MED-00002 is not offered)"]
        do {
            _ = try service.link(plan: plan, item: "current_medications", records: ["MED-00002"])
        } catch let refusal as ServiceError {
            lines.append("linking MED-00002 is refused: \(refusal.reasons.joined(separator: "; "))")
        }
        change = try service.link(plan: plan, item: "current_medications", records: ["MED-00001"])
        change = try service.complete(plan: plan, item: "current_medications")
        lines.append("linked MED-00001 and completed the item; " + progress(change.evaluation))
        step(DemoStep(title: "Records item: linked a current medication", lines: lines))

        lines = []
        do {
            _ = try service.createRecord(plan: plan, item: "emergency_contacts", [
                Assignment(key: "name", text: "Linh Tran"), Assignment(key: "relationship", text: "Friend"),
                Assignment(key: "phone", text: "12")])
        } catch let refusal as ServiceError {
            lines.append("first try (Linh Tran, phone=12): refused — " + refusal.reasons.joined(separator: "; "))
        }
        change = try service.createRecord(plan: plan, item: "emergency_contacts", [
            Assignment(key: "name", text: "Kim Nguyen"), Assignment(key: "relationship", text: "Sibling"),
            Assignment(key: "phone", text: "0400 555 777")])
        lines.append("second try (Kim Nguyen, Sibling, 0400 555 777): created \(change.createdRecords.map(\.id).joined(separator: ", ")) and linked it")
        step(DemoStep(title: "Create-new form: an emergency contact", lines: lines))

        change = try service.notRequired(plan: plan, item: "allied_health", reason: "No allied health reports yet")
        step(DemoStep(title: "Not required: allied health reports", lines: ["reason recorded: No allied health reports yet", progress(change.evaluation)]))

        change = try service.addInstance(plan: plan, item: "community_activities", clone: nil)
        let added = change.evaluation.items.last { $0.key == "community_activities" }.map { "community_activities#\($0.instance)" } ?? "community_activities#2"
        change = try service.setValues(plan: plan, item: added, [Assignment(key: "activity", text: "Swimming at Fitzroy pool"),
                                                                 Assignment(key: "day", text: "Saturday")])
        step(DemoStep(title: "Add another: a second community activity", lines: ["\(added) added blank (support ratio defaulted to 1:1) and filled in", progress(change.evaluation)]))

        lines = []
        for item in try service.evaluate(plan).items where item.visible && item.status == .open {
            let ref = item.instance == 1 ? item.key : "\(item.key)#\(item.instance)"
            if let values = entries[item.key], !item.check.ok {
                _ = try service.setValues(plan: plan, item: ref, values.map { Assignment(key: $0.0, text: $0.1) })
            }
            if let ids = links[item.key], item.records.isEmpty {
                _ = try service.link(plan: plan, item: ref, records: ids)
            }
            if item.kind == .video {
                _ = try service.setValues(plan: plan, item: ref, [Assignment(key: "url", text: "https://video.example.org.au/clients/ada-nguyen/transfers")])
            }
            do {
                change = try service.complete(plan: plan, item: ref)
                lines.append("✔ \(ref)")
            } catch let refusal as ServiceError {
                lines.append("✗ \(ref): \(refusal.reasons.joined(separator: "; "))")
            }
        }
        step(DemoStep(title: "Worked through the other items", lines: lines + [progress(try service.evaluate(plan))]))

        change = try service.activate(plan)
        step(DemoStep(title: "Activated \(plan)", lines: ["status \(change.plan.status.rawValue), activation date \(change.plan.activationDate ?? "?")",
                                                        "Ada's latest support plan is now \(plan)"]))

        change = try service.startReview(plan)
        step(DemoStep(title: "Started a review: \(change.plan.id)", lines: [
            "a draft copy linked back to \(plan) (still active until the copy is activated)",
            "values, links and not-required marks carried over; every other item open to be marked reviewed",
            progress(change.evaluation)]))

        try addUsers(service: service, draft: change.plan.id, step: step)
    }

    /// The sample users, one per role a plan needs: an admin to manage users, a coordinator, a team
    /// leader and a worker. The demo adds them last: until then its database has no users, so every
    /// step runs as the local administrator (SPEC section 8's single-user installation).
    public static let users: [(name: String, role: Role)] = [("admin", .admin), ("cora", .coordinator), ("lee", .teamLeader), ("wes", .worker)]

    static func addUsers(service: ServiceCall, draft: String, step: (DemoStep) -> Void) throws {
        // The first user, an admin, is added by the local administrator; that admin adds the rest.
        func acting(_ name: String) -> ServiceCall { service.service.call(as: Caller(user: name, today: service.today, now: service.caller.now)) }
        for (index, user) in users.enumerated() {
            _ = try (index == 0 ? service : acting(users[0].name)).addUser(user.name, roles: [user.role], password: nil)
        }
        let worker = acting("wes")
        var refusal = "refused"
        do { _ = try worker.discard(draft) } catch let error as ServiceError { refusal = error.reasons.joined(separator: "; ") }
        step(DemoStep(title: "Added users: admin, cora, lee and wes", lines: [
            users.map { "\($0.name) (\($0.role.rawValue))" }.joined(separator: ", ") + ", without passwords or API tokens",
            "from now on whoever acts must be one of them, e.g. cora",
            "wes may read active plans but change nothing: discarding \(draft) as wes is refused: \(refusal)"]))
    }

    static func progress(_ e: PlanEvaluation) -> String {
        "progress \(e.progress.done) of \(e.progress.total) (\(e.progress.percent)%)"
    }
}
