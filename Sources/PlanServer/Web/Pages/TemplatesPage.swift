import PlanModel
import PlanService

/// The templates on disk and as published, each with its versions.
struct TemplatesPage {
    var templates: [TemplateSummary]
    var context: PageContext

    var node: Node {
        Layout.page("Templates", context) {
            el("h1") { "Templates" }
            el("table") {
                el("thead") { el("tr") { for h in ["Template", "Status", "Published versions", "In the Rules folder"] { el("th", Attribute("scope", "col")) { h } } } }
                el("tbody") {
                    for t in templates {
                        el("tr") {
                            el("td") { el("strong") { t.name }; el("div", .class("small muted mono")) { t.id } }
                            el("td") { StatusBadge.badge(t.status == "active" ? "active" : "expired", t.status) }
                            el("td") {
                                if let latest = t.latestVersion {
                                    for v in stride(from: latest, through: 1, by: -1) {
                                        el("a", .href("/templates/\(Paths.component(t.id))/versions/\(v)")) { "v\(v)" }
                                        " "
                                    }
                                } else {
                                    el("span", .class("muted")) { "not published" }
                                }
                            }
                            el("td") { t.onDisk ? "yes" : "no" }
                        }
                    }
                }
            }
        }
    }
}

/// One published template version: its sections and items, as a plan made from it would hold them.
struct TemplateVersionPage {
    var template: PlanTemplate
    var context: PageContext

    var node: Node {
        Layout.page("\(template.name) v\(template.version)", context, crumbs: [
            .init(title: "Templates", href: "/templates"), .init(title: "\(template.name) v\(template.version)", href: nil),
        ]) {
            el("h1") { "\(template.name) "; el("span", .class("muted")) { "v\(template.version)" } }
            if let d = template.description { el("p", .class("muted")) { d } }
            for section in template.sections {
                el("section", .class("plan-section")) {
                    el("header") { el("h2") { section.title } }
                    if let g = section.guidance { GuidanceNode.section(g) }
                    el("table") {
                        el("thead") { el("tr") { for h in ["Item", "Kind", "Rules"] { el("th", Attribute("scope", "col")) { h } } } }
                        el("tbody") {
                            for item in section.items {
                                el("tr") {
                                    el("td") { item.title; el("div", .class("small muted mono")) { item.key } }
                                    el("td") { item.kind.rawValue + (item.recordType.map { " (\($0))" } ?? "") }
                                    el("td", .class("small")) {
                                        [item.repeatable ? "repeatable" : nil, item.skippable ? nil : "can't be skipped",
                                         item.min > 0 ? "at least \(item.min)" : nil, item.max.map { "at most \($0)" },
                                         item.required ? "required" : nil].compactMap { $0 }.joined(separator: ", ")
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
