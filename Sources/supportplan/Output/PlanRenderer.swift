import PlanModel
import PlanService

/// A plan as a coordinator reads it: sections with progress bars, items with status marks, guidance,
/// linked records as cards, video links, hidden items marked hidden, and what blocks activation.
enum PlanRenderer {
    static func mark(_ item: ItemEvaluation) -> String {
        if !item.visible { return Style.dim("·") }
        if item.error != nil { return Style.red("!") }
        switch item.status {
        case .complete, .reviewed: return Style.green("✔")
        case .notRequired: return Style.dim("–")
        case .open: return item.check.ok ? Style.cyan("○") : Style.yellow("○")
        }
    }

    static func header(_ e: PlanEvaluation, clientName: String?, templateName: String?) -> [String] {
        var lines: [String] = []
        let client = clientName.map { "\(e.client) \($0)" } ?? e.client
        lines.append(Style.bold("\(e.plan)") + "  \(client)  ·  \(templateName ?? e.template) v\(e.templateVersion)  ·  \(statusText(e.status))"
                     + (e.previousPlan.map { "  ·  reviews \($0)" } ?? "")
                     + (e.activationDate.map { "  ·  active since \($0)" } ?? ""))
        lines.append("Progress  \(Style.bar(e.progress.percent))  \(e.progress.done) of \(e.progress.total) done")
        return lines
    }

    static func statusText(_ s: SupportPlan.Status) -> String {
        switch s {
        case .draft: return Style.yellow("draft")
        case .active: return Style.green("active")
        case .expired, .discarded: return Style.dim(s.rawValue)
        }
    }

    static func render(_ view: PlanView, guidance: Bool = true) -> String {
        let e = view.evaluation
        var lines = header(e, clientName: view.client.name, templateName: view.template.name)
        for section in e.sections {
            let templateSection = view.template.section(section.key)
            lines.append("")
            if section.visible {
                lines.append(Style.bold(section.title) + "  " + Style.bar(section.progress.percent, width: 10)
                             + "  \(section.progress.done)/\(section.progress.total)")
            } else {
                lines.append(Style.dim("\(section.title)  (hidden by the template's rules)"))
            }
            if guidance, section.visible, let g = templateSection?.guidance { lines += guidanceLines(g, indent: "  ") }
            for item in section.items {
                lines += itemLines(item, view: view, guidance: guidance && section.visible)
            }
        }
        lines.append("")
        if !view.needsReview.isEmpty {
            lines.append(Style.bold("Needs review:"))
            lines += view.needsReview.map { "  - \($0)" }
        }
        if e.canActivate {
            lines.append(Style.green("Ready to activate."))
        } else if e.status == .draft {
            lines.append(Style.bold("Before activation:"))
            lines += e.blockers.map { "  - \($0)" }
        }
        return lines.joined(separator: "\n")
    }

    static func guidanceLines(_ g: Guidance, indent: String) -> [String] {
        var lines: [String] = []
        if let text = g.text { lines.append(indent + Style.dim("ⓘ " + text)) }
        for link in g.links { lines.append(indent + Style.dim("  ↗ \(link.title): \(link.url)")) }
        return lines
    }

    static func itemLines(_ item: ItemEvaluation, view: PlanView, guidance: Bool) -> [String] {
        let ref = item.instance == 1 ? item.key : "\(item.key)#\(item.instance)"
        var lines: [String] = []
        var status = item.visible ? item.status.rawValue.replacingOccurrences(of: "_", with: " ") : "hidden"
        if item.visible && item.lapsed { status += " (was \(item.recordedStatus.rawValue))" }
        lines.append("  \(mark(item)) \(item.title)  " + Style.dim("[\(ref)] \(status)"))
        guard item.visible else { return lines }
        let templateItem = view.template.item(item.key)
        if guidance, item.status == .open, let g = templateItem?.guidance { lines += guidanceLines(g, indent: "      ") }
        switch item.kind {
        case .profile, .fields:
            for field in templateItem?.fields ?? [] {
                let value = item.values[field.key].map { $0.displayText } ?? Style.dim("—")
                lines.append("      \(field.displayLabel): \(value)")
            }
        case .records:
            if item.records.isEmpty { lines.append("      " + Style.dim("no linked records")) }
            for id in item.records {
                lines.append("      ┌ " + card(id, view: view))
            }
        case .video:
            lines.append("      ▶ " + (item.url ?? Style.dim("no video link")))
        }
        if let instance = view.plan.instance(InstanceRef(item.key, item.instance)), let reason = instance.notRequiredReason {
            lines.append("      " + Style.dim("not required: \(reason)"))
        }
        if item.status == .open && !item.check.ok {
            for m in item.check.messages { lines.append("      " + Style.yellow("✗ \(m)")) }
        }
        if let error = item.error { lines.append("      " + Style.red("rule error: \(error.description)")) }
        return lines
    }

    /// A linked record's card: its id and the display fields of its type.
    static func card(_ id: String, view: PlanView) -> String {
        guard let record = view.records.first(where: { $0.id == id }) else { return "\(id) (not found)" }
        let type = view.recordTypes[record.type]
        let fields = (type?.display ?? []).compactMap { record.fields[$0]?.displayText }.filter { !$0.isEmpty }
        return Style.bold(id) + (fields.isEmpty ? "" : "  " + fields.joined(separator: " · "))
    }
}
