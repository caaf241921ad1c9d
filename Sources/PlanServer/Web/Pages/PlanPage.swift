import PlanModel
import PlanService

/// The plan page: the header with status, dates, template version, the plan's progress bar and its
/// life-cycle actions; a table of contents; each visible section with its guidance, progress bar and
/// item cards. Hidden sections and items are not shown, and neither are the actions the acting user's
/// roles may not take (the service says which; it still refuses a forged post).
struct PlanPage {
    var view: PlanView
    var context: PageContext
    var state: PlanPageState
    var may: CallerPermissions

    var evaluation: PlanEvaluation { view.evaluation }
    var plan: SupportPlan { view.plan }
    var isDraft: Bool { plan.status == .draft }
    /// Whether the item cards offer their forms and status actions.
    var editable: Bool { isDraft && may.may(.workItems) }

    var node: Node {
        Layout.page("\(plan.id) · \(view.client.name)", context, crumbs: [
            .init(title: "Clients", href: "/clients"),
            .init(title: view.client.name, href: Paths.client(view.client.id)),
            .init(title: plan.id, href: nil),
        ]) {
            header
            el("div", .class("layout")) {
                toc
                el("div") {
                    for section in evaluation.sections where section.visible {
                        sectionNode(section)
                    }
                }
            }
        }
    }

    var header: Node {
        el("div", .class("panel plan-head")) {
            el("div") {
                el("h1") {
                    "Support plan \(plan.id) · "
                    el("a", .href(Paths.client(view.client.id))) { view.client.name }
                    " "
                    StatusBadge.plan(plan.status)
                }
                el("div", .class("meta")) {
                    el("span") { "Template "; el("b") { "\(view.template.name) v\(plan.templateVersion)" } }
                    el("span") { "Created "; el("b") { plan.createdOn } }
                    if let date = plan.activationDate { el("span") { "Active since "; el("b") { date } } }
                    if let date = plan.expiryDate { el("span") { "Expired "; el("b") { date } } }
                    if let previous = plan.previousPlanID {
                        el("span") { "Reviews "; el("a", .href(Paths.plan(previous))) { previous } }
                    }
                    el("a", .href(Paths.plan(plan.id) + "/history")) { "History" }
                    if plan.previousPlanID != nil { el("a", .href(Paths.plan(plan.id) + "/diff")) { "Changes since the reviewed plan" } }
                }
                ProgressBar.node(evaluation.progress, label: "Plan progress", id: "plan-progress")
                if let conflict = state.conflict {
                    el("div", .class("conflict"), Attribute("role", "alert")) {
                        el("p") { "Not saved: this plan was changed by \(conflict.user) at \(Format.time(conflict.at))." }
                        "The page now shows the current plan. Check it, then make your change again."
                    }
                }
                if let reasons = state.planRefusal { RefusalBox.node(reasons, title: "Not done") }
                for error in evaluation.errors where !isItemError(error) { RuleErrorBox.node(error) }
            }
            el("div", .class("side")) { lifeActions }
        }
    }

    func isItemError(_ error: RuleError) -> Bool {
        if case .item = error.scope { return true }
        return false
    }

    @NodeBuilder var lifeActions: [Node] {
        switch plan.status {
        case .draft:
            // The two buttons share a row on a narrow screen; what blocks activation follows them.
            el("div", .class("life")) {
                if may.may(.activatePlans) {
                    el("form", Attribute("method", "get"), Attribute("action", Paths.plan(plan.id) + "/activate")) {
                        Forms.button("Set to Active", primary: true, disabled: !evaluation.canActivate)
                    }
                }
                if may.may(.discardDrafts) {
                    el("form", Attribute("method", "get"), Attribute("action", Paths.plan(plan.id) + "/discard")) {
                        Forms.button("Discard", extraClass: "danger")
                    }
                }
            }
            if may.may(.activatePlans) && !evaluation.canActivate {
                el("div", .class("blockers small")) {
                    el("strong") { "Before activation:" }
                    el("ul") { for b in evaluation.blockers { el("li") { b } } }
                }
            }
        case .active:
            if let draft = state.reviewDraft {
                el("a", .class("button"), .href(Paths.plan(draft))) { "Open review draft \(draft)" }
            } else if may.may(.startReviews) {
                el("form", Attribute("method", "get"), Attribute("action", Paths.plan(plan.id) + "/review")) {
                    Forms.button("Start Plan Review", primary: true)
                }
            }
        case .expired, .discarded:
            Node.empty
        }
    }

    var toc: Node {
        el("nav", .class("toc"), .aria("label", "Sections")) {
            el("ol") {
                for section in evaluation.sections where section.visible {
                    el("li") {
                        el("a", .href("#s-\(section.key)")) {
                            el("span") { section.title }
                            el("span", .class("n")) { "\(section.progress.done)/\(section.progress.total)" }
                        }
                    }
                }
            }
        }
    }

    func sectionNode(_ section: SectionEvaluation) -> Node {
        let templateSection = view.template.section(section.key)
        let visibleItems = section.items.filter(\.visible)
        return el("section", .class("plan-section"), .id("s-\(section.key)"), .aria("labelledby", "h-\(section.key)")) {
            el("header") {
                el("h2", .id("h-\(section.key)")) { section.title }
                ProgressBar.node(section.progress, label: "\(section.title) progress", small: true)
            }
            if let guidance = templateSection?.guidance { GuidanceNode.section(guidance) }
            for (i, item) in visibleItems.enumerated() {
                ItemCard(page: self, item: item).node
                // Add Another follows the last visible instance of a repeatable item.
                if editable, let templateItem = view.template.item(item.key), templateItem.repeatable,
                   i + 1 == visibleItems.count || visibleItems[i + 1].key != item.key {
                    addAnother(templateItem, instances: visibleItems.filter { $0.key == item.key }.map(\.instance))
                }
            }
        }
    }

    func addAnother(_ item: TemplateItem, instances: [Int]) -> Node {
        let ref = InstanceRef(item.key, instances.last ?? 1)
        let id = "add-\(item.key)"
        return el("div", .class("item add-another")) {
            Forms.post(Paths.item(plan.id, InstanceRef(item.key), "add"), context, revision: plan.revision, .class("actions")) {
                el("label", .for(id)) { "Another \(item.title.lowercased()), starting" }
                el("select", .id(id), .name("clone")) {
                    el("option", .value("")) { "blank (with the template's defaults)" }
                    for n in instances { el("option", .value(String(n))) { "as a copy of #\(n)" } }
                }
                Forms.button("Add Another")
            }
            if let refusal = state.refusal, refusal.form == "add", refusal.ref.key == ref.key {
                RefusalBox.node(refusal.reasons, title: "Not added")
            }
        }
    }
}

/// How times are shown: `2026-11-29 18:40:12 UTC` from ISO 8601.
enum Format {
    static func time(_ iso: String) -> String {
        var s = iso.replacingOccurrences(of: "T", with: " ")
        if let dot = s.firstIndex(of: ".") { s = String(s[..<dot]) }
        if s.hasSuffix("Z") { s.removeLast() }
        return s + " UTC"
    }
}
