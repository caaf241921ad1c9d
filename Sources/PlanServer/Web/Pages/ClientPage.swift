import PlanModel
import PlanService

/// A client: the profile, the records by type, the plans with their review chain, and Create
/// Support Plan (active templates only; optional goal attainment and behaviour support plans).
struct ClientPage {
    var summary: ClientSummary
    var profile: ProfileSchema
    var recordTypes: RecordTypeCatalog
    /// Active, published templates: id and name.
    var templates: [(id: String, name: String, version: Int)]
    var context: PageContext
    var mayCreate: Bool
    /// A refused Create Support Plan, with what was chosen.
    var refusal: [String]?
    var chosen: [String: String] = [:]

    var client: Client { summary.client }

    var node: Node {
        Layout.page(client.name, context, crumbs: [.init(title: "Clients", href: "/clients"), .init(title: client.name, href: nil)]) {
            el("h1") { client.name; el("span", .class("muted mono")) { " " + client.id } }
            el("div", .class("grid2")) {
                el("div") {
                    plans
                    if mayCreate { createForm }
                }
                el("div") {
                    profileNode
                    records
                }
            }
        }
    }

    var plans: Node {
        el("section", .class("panel"), .aria("labelledby", "plans-h")) {
            el("h2", .id("plans-h")) { "Support plans" }
            if summary.plans.isEmpty {
                el("p", .class("empty")) { "No support plans yet." }
            } else {
                el("table") {
                    el("thead") { el("tr") { for h in ["Plan", "Status", "Template", "Dates"] { el("th", Attribute("scope", "col")) { h } } } }
                    el("tbody") {
                        for plan in summary.plans.sorted(by: { $0.id > $1.id }) {
                            el("tr") {
                                el("td") {
                                    el("a", .href(Paths.plan(plan.id))) { plan.id }
                                    if let previous = plan.previousPlanID { el("div", .class("small muted")) { "reviews \(previous)" } }
                                    if let reviewer = summary.plans.first(where: { $0.previousPlanID == plan.id }) {
                                        el("div", .class("small muted")) { "reviewed by \(reviewer.id)" }
                                    }
                                }
                                el("td") { StatusBadge.plan(plan.status) }
                                el("td") { "\(plan.templateID) v\(plan.templateVersion)" }
                                el("td", .class("small")) {
                                    "created \(plan.createdOn)"
                                    if let d = plan.activationDate { el("br"); "active \(d)" }
                                    if let d = plan.expiryDate { el("br"); "expired \(d)" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    func records(ofType type: String) -> [ClientRecord] { summary.records.filter { $0.type == type } }

    var createForm: Node {
        el("section", .class("panel"), .aria("labelledby", "create-h")) {
            el("h2", .id("create-h")) { "Create Support Plan" }
            if let refusal { RefusalBox.node(refusal, title: "Not created") }
            if templates.isEmpty {
                el("p", .class("empty")) { "No active template has been published." }
            } else {
                Forms.post(Paths.client(client.id) + "/plans", context) {
                    select("template", "Template", options: templates.map { ($0.id, "\($0.name) (v\($0.version))") }, blank: nil)
                    select("goal_plan", "Goal attainment plan (optional)",
                           options: records(ofType: RecordTypeCatalog.goalAttainmentPlan).map { ($0.id, "\($0.id) — \($0.fields["title"]?.displayText ?? "")") },
                           blank: "None")
                    select("behaviour_plan", "Behaviour support plan (optional)",
                           options: records(ofType: RecordTypeCatalog.behaviourSupportPlan).map { ($0.id, "\($0.id) — \($0.fields["title"]?.displayText ?? "")") },
                           blank: "None")
                    el("div", .class("actions")) { Forms.button("Create Support Plan", primary: true) }
                }
            }
        }
    }

    func select(_ name: String, _ label: String, options: [(String, String)], blank: String?) -> Node {
        group {
            el("label", .for("new-\(name)")) { label }
            el("select", .id("new-\(name)"), .name(name)) {
                if let blank { el("option", .value("")) { blank } }
                for (value, text) in options {
                    el("option", attributes: [.value(value)] + (chosen[name] == value ? [.flag("selected")] : [])) { text }
                }
            }
        }
    }

    var profileNode: Node {
        el("section", .class("panel"), .aria("labelledby", "profile-h")) {
            el("h2", .id("profile-h")) { "Profile" }
            el("dl", .class("fields")) {
                for field in profile.fields {
                    if let value = client.profile[field.key], !value.isBlank {
                        el("dt") { field.displayLabel }
                        el("dd") { value.displayText }
                    }
                }
            }
        }
    }

    var records: Node {
        el("section", .class("panel"), .aria("labelledby", "records-h")) {
            el("h2", .id("records-h")) { "Records" }
            if summary.records.isEmpty { el("p", .class("empty")) { "No records." } }
            for type in recordTypes.types where !records(ofType: type.key).isEmpty {
                el("h3", .class("group")) { type.label }
                el("ul", .class("records")) {
                    for record in records(ofType: type.key) {
                        el("li") {
                            el("div") {
                                el("div", .class("rid")) { record.id }
                                el("div", .class("rtext")) {
                                    type.display.compactMap { record.fields[$0]?.displayText }.filter { !$0.isEmpty }.joined(separator: " · ")
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
