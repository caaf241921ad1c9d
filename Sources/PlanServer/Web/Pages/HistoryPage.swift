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
                            el("td", .class("small")) {
                                // Date and time each stay whole; a narrow window puts the time under the date.
                                let parts = Format.time(e.at).split(separator: " ", maxSplits: 1).map(String.init)
                                for part in parts { el("span", .class("nowrap")) { part }; " " }
                            }
                            el("td") { e.user }
                            el("td") { e.action.replacingOccurrences(of: "_", with: " ") }
                            el("td", .class("mono key")) { e.target }
                            el("td", .class("mono")) { e.before ?? "" }
                            el("td", .class("mono")) { e.after ?? "" }
                        }
                    }
                }
            }
        }
    }
}
