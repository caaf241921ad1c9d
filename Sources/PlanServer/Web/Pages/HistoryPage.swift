import PlanModel

/// Every change to a plan: who, when, what, before and after.
struct HistoryPage {
    var plan: SupportPlan
    var clientName: String
    var events: [HistoryEvent]
    var context: PageContext

    var node: Node {
        Layout.page("History of \(plan.id)", context, crumbs: [
            .init(title: "Clients", href: "/clients"), .init(title: clientName, href: Paths.client(plan.clientID)),
            .init(title: plan.id, href: Paths.plan(plan.id)), .init(title: "History", href: nil),
        ]) {
            el("h1") { "History of \(plan.id)" }
            el("table") {
                el("thead") { el("tr") { for h in ["When", "Who", "What", "Item", "Before", "After"] { el("th", Attribute("scope", "col")) { h } } } }
                el("tbody") {
                    for e in events.reversed() {
                        el("tr") {
                            el("td", .class("small")) { Format.time(e.at) }
                            el("td") { e.user }
                            el("td") { e.action.replacingOccurrences(of: "_", with: " ") }
                            el("td", .class("mono")) { e.target }
                            el("td", .class("mono")) { e.before ?? "" }
                            el("td", .class("mono")) { e.after ?? "" }
                        }
                    }
                }
            }
        }
    }
}
