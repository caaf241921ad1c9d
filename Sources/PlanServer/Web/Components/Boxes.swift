import PlanModel

/// Template guidance: a section's text and links under its heading; an item's text beside it, and
/// as a hover title on the ⓘ mark once the item is done and the text is folded away.
enum GuidanceNode {
    static func section(_ g: Guidance) -> Node {
        el("div", .class("guidance")) {
            if let text = g.text { el("p") { text } }
            if !g.links.isEmpty {
                el("ul") {
                    for link in g.links {
                        el("li") { el("a", .href(safeURL(link.url)), Attribute("rel", "noopener noreferrer"), Attribute("target", "_blank")) { link.title } }
                    }
                }
            }
        }
    }

    static func item(_ g: Guidance, folded: Bool, id: String) -> Node {
        group {
            if folded {
                if let text = g.text {
                    el("span", .class("info"), .title(text), Attribute("tabindex", "0"), Attribute("role", "note"), .aria("label", "Guidance: \(text)")) { "i" }
                }
            } else {
                el("div", .class("item-guidance"), .id(id)) {
                    if let text = g.text { el("p") { text } }
                    for link in g.links {
                        el("a", .href(safeURL(link.url)), Attribute("rel", "noopener noreferrer"), Attribute("target", "_blank")) { link.title }
                        " "
                    }
                }
            }
        }
    }

    /// Only http(s) and mailto links become links; anything else (javascript:, data:) points nowhere.
    static func safeURL(_ url: String) -> String {
        let lower = url.lowercased()
        return lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:") ? url : "#"
    }
}

/// The reasons an action was refused, shown where the action was taken.
enum RefusalBox {
    static func node(_ reasons: [String], title: String) -> Node {
        el("div", .class("refusal"), Attribute("role", "alert")) {
            el("p") { title + ":" }
            el("ul") { for r in reasons { el("li") { r } } }
        }
    }
}

/// A rule error at the level an implementer fixes it: the hook, the message and file:line.
enum RuleErrorBox {
    static func node(_ error: RuleError) -> Node {
        el("div", .class("rule-error"), Attribute("role", "note")) {
            el("strong") { "Rule error" }
            " in hook "
            el("code") { error.hook }
            " of \(error.subject): "
            el("span", .class("rule-message")) { error.message }
            " "
            el("code", .class("rule-where")) { "(\(error.location))" }
        }
    }
}
