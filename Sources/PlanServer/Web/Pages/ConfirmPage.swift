import PlanModel

/// The confirmation in front of Set to Active, Start Plan Review and Discard: what will happen, then Confirm.
struct ConfirmPage {
    enum Action { case activate(expires: String?, today: String), review(latestVersion: Int?), discard }
    var plan: SupportPlan
    var clientName: String
    var action: Action
    var context: PageContext

    var title: String {
        switch action {
        case .activate: return "Set \(plan.id) to Active?"
        case .review: return "Start Plan Review of \(plan.id)?"
        case .discard: return "Discard \(plan.id)?"
        }
    }

    var node: Node {
        Layout.page(title, context, crumbs: [
            .init(title: "Clients", href: "/clients"), .init(title: clientName, href: Paths.client(plan.clientID)),
            .init(title: plan.id, href: Paths.plan(plan.id)), .init(title: "Confirm", href: nil),
        ]) {
            el("div", .class("panel confirm"), Attribute("role", "region"), .aria("labelledby", "confirm-h")) {
                el("h1", .id("confirm-h")) { title }
                switch action {
                case .activate(let expires, let today):
                    el("ul") {
                        el("li") { "\(plan.id) becomes \(clientName)’s active support plan from today, \(today)." }
                        if let expires { el("li") { "\(expires), the plan active now, expires today." } }
                        el("li") { "The plan can no longer be changed; changes later go through a plan review." }
                    }
                    Forms.post(Paths.plan(plan.id) + "/activate", context, revision: plan.revision) {
                        el("div", .class("actions")) {
                            Forms.button("Confirm", primary: true)
                            el("a", .href(Paths.plan(plan.id))) { "Cancel" }
                        }
                    }
                case .review(let latest):
                    el("ul") {
                        el("li") { "A draft copy of \(plan.id) is made, with the same values, links and not-required marks." }
                        el("li") { "Every other item is open, to be marked reviewed." }
                        el("li") { "\(plan.id) stays active until the review is activated." }
                    }
                    Forms.post(Paths.plan(plan.id) + "/review", context, revision: plan.revision) {
                        if let latest, latest > plan.templateVersion {
                            el("label", .for("upgrade")) {
                                el("input", .type("checkbox"), .id("upgrade"), .name("upgrade"), .value("true"))
                                " Move the review to the template’s latest version (v\(latest))"
                            }
                        }
                        el("div", .class("actions")) {
                            Forms.button("Confirm", primary: true)
                            el("a", .href(Paths.plan(plan.id))) { "Cancel" }
                        }
                    }
                case .discard:
                    el("ul") {
                        el("li") { "\(plan.id) is discarded: it can no longer be changed or set to active." }
                        if let previous = plan.previousPlanID { el("li") { "\(previous), the plan it reviews, stays active; a new review can be started." } }
                        el("li") { "Its history is kept." }
                    }
                    Forms.post(Paths.plan(plan.id) + "/discard", context, revision: plan.revision) {
                        el("div", .class("actions")) {
                            Forms.button("Confirm", primary: true, extraClass: "danger")
                            el("a", .href(Paths.plan(plan.id))) { "Cancel" }
                        }
                    }
                }
            }
        }
    }
}
