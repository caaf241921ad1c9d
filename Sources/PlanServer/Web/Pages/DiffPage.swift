import PlanModel
import PlanService

/// What a review draft changed from the plan it reviews, item by item.
struct DiffPage {
    var diff: PlanDiff
    var plan: SupportPlan
    var clientName: String
    var context: PageContext

    var node: Node {
        Layout.page("Changes in \(diff.to)", context, crumbs: [
            .init(title: "Clients", href: "/clients"), .init(title: clientName, href: Paths.client(plan.clientID)),
            .init(title: plan.id, href: Paths.plan(plan.id)), .init(title: "Changes", href: nil),
        ]) {
            el("h1") { "Changes from \(diff.from) to \(diff.to)" }
            el("p", .class("muted")) { "Template version \(diff.templateVersions.first ?? 0) → \(diff.templateVersions.last ?? 0)" }
            if diff.changes.isEmpty {
                el("p", .class("empty")) { "No changes yet." }
            } else {
                el("table") {
                    el("thead") { el("tr") { for h in ["Item", "Change", "Details"] { el("th", Attribute("scope", "col")) { h } } } }
                    el("tbody") {
                        for c in diff.changes {
                            el("tr") {
                                el("td", .class("mono")) { c.item }
                                el("td") { c.change }
                                el("td") { details(c) }
                            }
                        }
                    }
                }
            }
        }
    }

    func details(_ c: PlanDiff.ItemChange) -> Node {
        el("ul", .class("tight")) {
            if let s = c.status, s.count == 2 { el("li") { "status: \(label(s[0])) → \(label(s[1]))" } }
            for (key, pair) in (c.values ?? [:]).sorted(by: { $0.key < $1.key }) {
                el("li") {
                    "\(key): "
                    el("span", .class("diff-old")) { pair.first.flatMap { $0 } ?? "—" }
                    " → "
                    el("span", .class("diff-new")) { pair.last.flatMap { $0 } ?? "—" }
                }
            }
            if let l = c.linked { el("li") { "linked \(l.joined(separator: ", "))" } }
            if let u = c.unlinked { el("li") { "unlinked \(u.joined(separator: ", "))" } }
            if let u = c.url, u.count == 2 { el("li") { "video: \(u[0] ?? "—") → \(u[1] ?? "—")" } }
        }
    }

    func label(_ status: String) -> String { status.replacingOccurrences(of: "_", with: " ") }
}
