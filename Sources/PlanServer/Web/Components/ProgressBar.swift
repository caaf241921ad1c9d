import PlanModel

/// A progress bar as a `<progress>` element with its numbers in words beside it, so the bar is
/// never the only way to read progress.
enum ProgressBar {
    static func node(_ progress: Progress, label: String, id: String? = nil, small: Bool = false) -> Node {
        var attrs: [Attribute] = [.value(String(progress.total == 0 ? 1 : progress.done)), Attribute("max", String(Swift.max(progress.total, 1))),
                                  .aria("label", label)]
        if let id { attrs.append(.id(id)) }
        if small { attrs.append(.class("small")) }
        return el("div", .class("bar")) {
            el("progress", attributes: attrs) { "\(progress.percent)%" }
            el("span", attributes: [.class("bar-text")] + (id.map { [Attribute.id($0 + "-text")] } ?? [])) {
                small ? "\(progress.done)/\(progress.total)" : "\(progress.done) of \(progress.total) done · \(progress.percent)%"
            }
        }
    }
}

/// A status as a word in a tinted badge: colour and text together.
enum StatusBadge {
    static func item(_ status: ItemInstance.Status, ready: Bool = false) -> Node {
        switch status {
        case .open: return ready ? badge("ready", "Ready to complete") : badge("open", "Open")
        case .complete: return badge("complete", "Complete")
        case .reviewed: return badge("reviewed", "Reviewed")
        case .notRequired: return badge("not_required", "Not required")
        }
    }

    static func plan(_ status: SupportPlan.Status) -> Node {
        badge(status.rawValue, status.rawValue.prefix(1).uppercased() + status.rawValue.dropFirst())
    }

    static func badge(_ cls: String, _ text: String) -> Node {
        el("span", .class("badge st-\(cls)")) { text }
    }
}
