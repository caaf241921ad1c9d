import PlanModel
import PlanService

/// One item instance's card on the plan page, by kind: profile and plan fields to edit, linked records
/// with Link existing / Create new / edit / unlink, a video link. It shows the status in words, the
/// rule's messages while the item is not done, a rule error at implementer level, a refusal in place,
/// and the actions the plan's state allows.
struct ItemCard {
    var page: PlanPage
    var item: ItemEvaluation

    var ref: InstanceRef { item.ref }
    var plan: SupportPlan { page.plan }
    var templateItem: TemplateItem? { page.view.template.item(item.key) }
    var instance: ItemInstance? { plan.instance(ref) }
    var editable: Bool { page.editable }
    /// Whether the acting user may link (or create) this item's records on this plan.
    func may(_ right: RecordPermissions.Right) -> Bool {
        guard page.isDraft, item.status != .notRequired, let type = templateItem?.recordType else { return false }
        return page.may.may(right, recordType: type)
    }
    var refusal: PlanPageState.Refusal? { page.state.refusal.flatMap { $0.ref == ref ? $0 : nil } }
    var anchor: String { Paths.anchor(ref) }
    var isDone: Bool { item.status.isDone }

    var stateClass: String {
        if item.error != nil { return "is-error" }
        switch item.status {
        case .open: return "is-open"
        case .notRequired: return "is-skipped"
        case .complete, .reviewed: return "is-done"
        }
    }

    var node: Node {
        el("article", .class("item \(stateClass)"), .id(anchor), .aria("labelledby", "\(anchor)-t")) {
            el("header") {
                el("div", .class("item-title")) {
                    el("h3", .id("\(anchor)-t")) {
                        item.title
                        if editable && item.instance > 1 { el("span", .class("muted")) { " #\(item.instance)" } }
                    }
                    if let g = templateItem?.guidance, isDone { GuidanceNode.item(g, folded: true, id: "\(anchor)-g") }
                }
                StatusBadge.item(item.status, ready: item.status == .open && item.check.ok && item.error == nil)
            }
            if let g = templateItem?.guidance, !isDone { GuidanceNode.item(g, folded: false, id: "\(anchor)-g") }
            if let reason = instance?.notRequiredReason, item.status == .notRequired {
                el("p", .class("small muted")) { "Not required: \(reason)" }
            }
            body
            if item.status == .open && !item.check.ok && !item.check.messages.isEmpty {
                el("ul", .class("messages"), .aria("label", "What is still needed")) {
                    for m in item.check.messages { el("li") { m } }
                }
            }
            if let error = item.error { RuleErrorBox.node(error) }
            if let refusal, !["create", "add"].contains(refusal.form), !refusal.form.hasPrefix("edit:") {
                RefusalBox.node(refusal.reasons, title: refusalTitle(refusal.form))
            }
            statusActions
        }
    }

    func refusalTitle(_ form: String) -> String {
        switch form {
        case "complete": return "Not marked complete"
        case "review": return "Not marked reviewed"
        case "not-required": return "Not marked not required"
        case "link": return "Not linked"
        default: return "Not saved"
        }
    }

    // MARK: - The body, by kind

    @NodeBuilder var body: [Node] {
        switch item.kind {
        case .profile, .fields: fieldsBody
        case .records: recordsBody
        case .video: videoBody
        }
    }

    /// The fields a profile or fields item shows; a form on a draft, a list otherwise.
    var fields: [FieldDefinition] {
        guard let templateItem else { return [] }
        return templateItem.fields.map { templateItem.effectiveField($0) }
    }

    @NodeBuilder var fieldsBody: [Node] {
        if editable && item.status == .open {
            fieldsForm
        } else {
            valuesList
            // A done item reads as its values; its form folds away until someone edits it.
            if editable && isDone {
                el("details", attributes: [.class("edit-item")] + (refusal == nil ? [] : [.flag("open")])) {
                    el("summary") { "Edit" }
                    fieldsForm
                }
            }
        }
    }

    var valuesList: Node {
        el("dl", .class("fields")) {
            for field in fields {
                el("dt") { field.displayLabel }
                el("dd") { item.values[field.key]?.displayText ?? "—" }
            }
        }
    }

    var fieldsForm: Node {
        let typed = refusal?.form == "values" || refusal?.form == "complete" || refusal?.form == "review" ? refusal?.typed : nil
        return Forms.post(Paths.item(plan.id, ref, "set"), page.context, revision: plan.revision, .class("item-form")) {
            el("div", .class("grid2")) {
                for field in fields {
                    el("div") {
                        FieldInput(field, id: "\(anchor)-\(field.key)",
                                   text: typed.map { $0[field.key] } ?? FieldInput.text(of: item.values[field.key]),
                                   error: refusal?.fieldMessages[field.key]).node
                    }
                }
            }
            el("div", .class("actions")) {
                Forms.button("Save")
                if item.status == .open { markDoneButton(formAction: true) }
                notRequiredInline
            }
        }
    }

    @NodeBuilder var recordsBody: [Node] {
        if item.records.isEmpty {
            el("p", .class("empty")) { "No linked records." }
        } else {
            el("ul", .class("records"), .aria("label", "Linked records")) {
                for id in item.records { recordCard(id) }
            }
        }
        if case .link(let r, let candidates, let error) = page.state.panel, r == ref { linkPanel(candidates, error: error) }
        if case .create(let r, let type, let form) = page.state.panel, r == ref { createPanel(type, form) }
        if case .edit(let r, let record, let type) = page.state.panel, r == ref { editPanel(record, type) }
    }

    func recordCard(_ id: String) -> Node {
        let record = page.view.records.first { $0.id == id }
        let type = record.flatMap { page.view.recordTypes[$0.type] }
        let text = (type?.display ?? []).compactMap { record?.fields[$0]?.displayText }.filter { !$0.isEmpty }.joined(separator: " · ")
        return el("li") {
            el("div") {
                el("div", .class("rid")) { id }
                el("div", .class("rtext")) { record == nil ? "(record not found)" : text }
            }
            let mayEdit = page.isDraft && item.status != .notRequired && page.may.may(.editRecords)
            if mayEdit || may(.link) {
                el("div", .class("tools")) {
                    if mayEdit {
                        el("a", .class("button icon"), .href(Paths.panel(plan.id, ref, "edit:" + id)), .aria("label", "Edit \(id)"), .title("Edit \(id)")) { "✎" }
                    }
                    if may(.link) {
                        Forms.post(Paths.item(plan.id, ref, "unlink"), page.context, revision: plan.revision) {
                            Forms.hidden("record", id)
                            Forms.button("✕", ariaLabel: "Unlink \(id)", extraClass: "icon danger")
                        }
                    }
                }
            }
        }
    }

    func linkPanel(_ candidates: [ClientRecord], error: String?) -> Node {
        el("div", .class("subpanel"), .id("\(anchor)-link"), Attribute("role", "region"), .aria("label", "Link existing records")) {
            el("h4") { "Link existing \(typeLabel.lowercased()) records" }
            if let error { RefusalBox.node([error], title: "Can't list the records") }
            if candidates.isEmpty {
                el("p", .class("empty")) { "No other records of this client can be linked here." }
                el("a", .href(Paths.itemOnPlan(plan.id, ref))) { "Close" }
            } else {
                Forms.post(Paths.item(plan.id, ref, "link"), page.context, revision: plan.revision) {
                    el("fieldset") {
                        el("legend") { "Records to link" }
                        for (i, record) in candidates.enumerated() {
                            el("label", .for("\(anchor)-c\(i)")) {
                                el("input", .type("checkbox"), .id("\(anchor)-c\(i)"), .name("records"), .value(record.id))
                                "\(record.id) — \(display(record))"
                            }
                        }
                    }
                    el("div", .class("actions")) {
                        Forms.button("Link selected", primary: true)
                        el("a", .href(Paths.itemOnPlan(plan.id, ref))) { "Cancel" }
                    }
                }
            }
        }
    }

    func createPanel(_ type: RecordType, _ form: FormOutcome) -> Node {
        let typed = refusal?.form == "create" ? refusal?.typed : nil
        return el("div", .class("subpanel"), .id("\(anchor)-create"), Attribute("role", "region"), .aria("label", "Create new \(type.label.lowercased())")) {
            el("h4") { "New \(type.label.lowercased())" }
            for error in form.errors { RuleErrorBox.node(error) }
            if let refusal, refusal.form == "create" { RefusalBox.node(refusal.reasons, title: "Not created") }
            Forms.post(Paths.item(plan.id, ref, "create"), page.context, revision: plan.revision) {
                el("div", .class("grid2")) {
                    for field in form.fields {
                        el("div") {
                            FieldInput(field, id: "\(anchor)-new-\(field.key)",
                                       text: typed.map { $0[field.key] } ?? FieldInput.text(of: form.defaults[field.key]),
                                       error: refusal?.form == "create" ? refusal?.fieldMessages[field.key] : nil).node
                        }
                    }
                }
                el("div", .class("actions")) {
                    Forms.button("Create and link", primary: true)
                    el("a", .href(Paths.itemOnPlan(plan.id, ref))) { "Cancel" }
                }
            }
        }
    }

    func editPanel(_ record: ClientRecord, _ type: RecordType) -> Node {
        let form = "edit:" + record.id
        let typed = refusal?.form == form ? refusal?.typed : nil
        return el("div", .class("subpanel"), .id("\(anchor)-edit"), Attribute("role", "region"), .aria("label", "Edit \(record.id)")) {
            el("h4") { "Edit \(record.id)" }
            if let refusal, refusal.form == form { RefusalBox.node(refusal.reasons, title: "Not saved") }
            Forms.post(Paths.item(plan.id, ref, "edit-record"), page.context, revision: plan.revision) {
                Forms.hidden("record", record.id)
                el("div", .class("grid2")) {
                    for field in type.fields {
                        el("div") {
                            FieldInput(field, id: "\(anchor)-edit-\(field.key)",
                                       text: typed.map { $0[field.key] } ?? FieldInput.text(of: record.fields[field.key]),
                                       error: refusal?.form == form ? refusal?.fieldMessages[field.key] : nil).node
                        }
                    }
                }
                el("div", .class("actions")) {
                    Forms.button("Save record", primary: true)
                    el("a", .href(Paths.itemOnPlan(plan.id, ref))) { "Cancel" }
                }
            }
        }
    }

    var typeLabel: String {
        templateItem?.recordType.flatMap { page.view.recordTypes[$0]?.label } ?? "client"
    }

    func display(_ record: ClientRecord) -> String {
        let type = page.view.recordTypes[record.type]
        return (type?.display ?? []).compactMap { record.fields[$0]?.displayText }.filter { !$0.isEmpty }.joined(separator: " · ")
    }

    @NodeBuilder var videoBody: [Node] {
        if editable && item.status == .open {
            videoForm
        } else {
            if let url = item.url {
                el("p") { el("a", .href(GuidanceNode.safeURL(url)), Attribute("target", "_blank"), Attribute("rel", "noopener noreferrer")) { "▶ " + url } }
            } else {
                el("p", .class("empty")) { "No video link." }
            }
            if editable && isDone {
                el("details", attributes: [.class("edit-item")] + (refusal == nil ? [] : [.flag("open")])) {
                    el("summary") { "Edit" }
                    videoForm
                }
            }
        }
    }

    var videoForm: Node {
        Forms.post(Paths.item(plan.id, ref, "set"), page.context, revision: plan.revision) {
            Forms.textInput(id: "\(anchor)-url", name: "v.url", label: "Video link (https)", value: refusal?.typed["url"] ?? item.url,
                            error: refusal?.fieldMessages["url"], type: "url")
            el("div", .class("actions")) {
                Forms.button("Save")
                if let url = item.url { el("a", .href(GuidanceNode.safeURL(url)), Attribute("target", "_blank"), Attribute("rel", "noopener noreferrer")) { "▶ Watch" } }
                if item.status == .open { markDoneButton(formAction: true) }
                notRequiredInline
            }
        }
    }

    // MARK: - Status actions

    var doneLabel: String { plan.isReviewDraft ? "Mark Reviewed" : "Mark Complete" }
    var doneAction: String { plan.isReviewDraft ? "review" : "complete" }

    /// Mark Complete / Mark Reviewed. Inside a fields form it also saves what was typed.
    func markDoneButton(formAction: Bool) -> Node {
        formAction ? Forms.button(doneLabel, primary: true, formAction: Paths.item(plan.id, ref, doneAction))
                   : Forms.button(doneLabel, primary: true)
    }

    /// Not Required sits beside the item's own buttons; its reason box opens on demand.
    @NodeBuilder var notRequiredInline: [Node] {
        if item.status == .open, templateItem?.skippable == true {
            el("details", .class("skip-item")) {
                el("summary") { "Not Required…" }
                el("div", .class("subpanel")) {
                    Forms.textInput(id: "\(anchor)-reason", name: "reason", label: "Why is it not required?",
                                    value: refusal?.form == "not-required" ? refusal?.typed["reason"] : nil)
                    el("div", .class("actions")) {
                        Forms.button("Not Required", formAction: Paths.item(plan.id, ref, "not-required"))
                    }
                }
            }
        }
    }

    @NodeBuilder var statusActions: [Node] {
        let mayLink = item.kind == .records && templateItem?.actions.contains(.link) == true && may(.link)
        let mayCreate = item.kind == .records && templateItem?.actions.contains(.create) == true && may(.create)
        if editable || mayLink || mayCreate {
            el("div", .class("actions")) {
                if mayLink {
                    el("a", .class("button"), .href(Paths.panel(plan.id, ref, "link"))) { "Link existing" }
                }
                if mayCreate {
                    el("a", .class("button"), .href(Paths.panel(plan.id, ref, "create"))) { "Create new" }
                }
                if editable && item.kind == .records && item.status == .open {
                    Forms.post(Paths.item(plan.id, ref, doneAction), page.context, revision: plan.revision) { markDoneButton(formAction: false) }
                    if templateItem?.skippable == true {
                        Forms.post(Paths.item(plan.id, ref, "not-required"), page.context, revision: plan.revision) { notRequiredInline }
                    }
                }
                if editable && item.status == .notRequired {
                    Forms.post(Paths.item(plan.id, ref, "reinstate"), page.context, revision: plan.revision) { Forms.button("Reinstate") }
                }
                if item.instance > 1 {
                    Forms.post(Paths.item(plan.id, ref, "remove"), page.context, revision: plan.revision) {
                        Forms.button("Remove", ariaLabel: "Remove \(item.title) #\(item.instance)", extraClass: "danger")
                    }
                }
            }
        }
    }
}
