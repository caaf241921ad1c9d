import Foundation
import HTTPTypes
import Hummingbird
import PlanModel
import PlanService

extension WebController {
    /// A panel a plan page opens in one card.
    enum PanelRequest: Sendable { case link, create, edit(String) }

    func plan(_ web: WebRequest) async throws -> Response {
        let id = try web.parameter("id")
        var panel: (InstanceRef, PanelRequest)?
        if let open = web.query("open"), let item = web.query("item"), let ref = Paths.ref(item) {
            switch open {
            case "link": panel = (ref, .link)
            case "create": panel = (ref, .create)
            case let s where s.hasPrefix("edit:"): panel = (ref, .edit(String(s.dropFirst(5))))
            default: break
            }
        }
        return try await renderPlan(web, id: id, state: PlanPageState(), panel: panel)
    }

    /// The plan page with `state`; `panel` opens Link existing, Create new or a record's edit form.
    func renderPlan(_ web: WebRequest, id: String, state: PlanPageState, panel: (InstanceRef, PanelRequest)? = nil,
                    status: HTTPResponse.Status = .ok) async throws -> Response {
        let (view, plans, resolved, may) = try await runner.run(web.context) { call -> (PlanView, [SupportPlan], PlanPageState.Panel?, CallerPermissions) in
            let view = try call.show(id)
            let plans = try call.plans(client: view.client.id)
            var resolved: PlanPageState.Panel?
            if let (ref, request) = panel, view.plan.status == .draft {
                switch request {
                case .link:
                    do {
                        resolved = .link(ref, candidates: try call.candidates(plan: id, item: ref.description), error: nil)
                    } catch let error as ServiceError {
                        resolved = .link(ref, candidates: [], error: error.message)
                    }
                case .create:
                    let (type, form) = try call.form(plan: id, item: ref.description)
                    resolved = .create(ref, type: type, form: form)
                case .edit(let recordID):
                    if let record = view.records.first(where: { $0.id == recordID }), let type = view.recordTypes[record.type] {
                        resolved = .edit(ref, record: record, type: type)
                    }
                }
            }
            return (view, plans, resolved, try call.permissions())
        }
        var state = state
        if let resolved { state.panel = resolved }
        state.reviewDraft = plans.first { $0.previousPlanID == id && $0.status == .draft }?.id
        return web.html(PlanPage(view: view, context: web.page, state: state, may: may).node, status: status)
    }

    func history(_ web: WebRequest) async throws -> Response {
        let id = try web.parameter("id")
        let (plan, name, events) = try await runner.run(web.context) { call in
            let events = try call.history(id)
            let plan = try call.show(id)
            return (plan.plan, plan.client.name, events)
        }
        return web.html(HistoryPage(plan: plan, clientName: name, events: events, context: web.page).node)
    }

    func diff(_ web: WebRequest) async throws -> Response {
        let id = try web.parameter("id")
        let (diff, view) = try await runner.run(web.context) { call in (try call.diff(id), try call.show(id)) }
        return web.html(DiffPage(diff: diff, plan: view.plan, clientName: view.client.name, context: web.page).node)
    }

    // MARK: - Set to Active, Start Plan Review and Discard, behind a confirmation

    /// A plan's life-cycle action: the path under the plan and the permission the service asks for.
    enum LifeAction: String, Sendable, CaseIterable {
        case activate, review, discard

        var permission: Permission {
            switch self {
            case .activate: return .activatePlans
            case .review: return .startReviews
            case .discard: return .discardDrafts
            }
        }
    }

    /// The confirmation page; someone who may not take the action gets the service's refusal instead.
    func confirm(_ web: WebRequest, _ life: LifeAction) async throws -> Response {
        let id = try web.parameter("id")
        let today = runner.settings.today()
        let (view, active, latest) = try await runner.run(web.context) { call in
            try call.permissions().require(life.permission)
            let view = try call.show(id)
            let active = try call.plans(client: view.client.id, status: .active).first { $0.id != id }?.id
            let latest = try? call.template(view.plan.templateID).version
            return (view, active, latest)
        }
        let action: ConfirmPage.Action
        switch life {
        case .activate: action = .activate(expires: active, today: today)
        case .review: action = .review(latestVersion: latest)
        case .discard: action = .discard
        }
        return web.html(ConfirmPage(plan: view.plan, clientName: view.client.name, action: action, context: web.page).node)
    }

    func lifeAction(_ web: WebRequest, _ life: LifeAction) async throws -> Response {
        let id = try web.parameter("id")
        let form = try await web.form(limit: runner.settings.bodyLimit)
        let revision = form["revision"].flatMap { Int($0) }
        let upgrade = form["upgrade"] == "true"
        do {
            let target = try await runner.run(web.context) { call in
                let call = call.expecting(revision: revision)
                switch life {
                case .activate: return Paths.plan(try call.activate(id).plan.id)
                case .review: return Paths.plan(try call.startReview(id, upgrade: upgrade).plan.id)
                case .discard:
                    // A discarded review draft leads back to the plan it reviewed; another draft to its client.
                    let plan = try call.discard(id).plan
                    return plan.previousPlanID.map(Paths.plan) ?? Paths.client(plan.clientID)
                }
            }
            return web.redirect(target)
        } catch let error as ServiceError where error.kind == .refused || error.kind == .badInput {
            var state = PlanPageState()
            state.planRefusal = error.reasons
            return try await renderPlan(web, id: id, state: state, status: APIError.status(of: error.kind))
        } catch let error as ServiceError where error.kind == .conflict {
            return try await conflict(web, id: id)
        }
    }

    /// The current plan with "changed by NAME at TIME" instead of the stale change.
    func conflict(_ web: WebRequest, id: String) async throws -> Response {
        let last = try await runner.run(web.context) { call in try call.history(id).last }
        var state = PlanPageState()
        state.conflict = PlanPageState.Conflict(user: last?.user ?? "someone", at: last?.at ?? "")
        return try await renderPlan(web, id: id, state: state, status: .conflict)
    }

    // MARK: - Item actions

    func itemAction(_ web: WebRequest) async throws -> Response {
        let id = try web.parameter("id")
        let action = try web.parameter("action")
        guard let ref = Paths.ref(try web.parameter("item")) else {
            throw ServiceError.badInput("'\(try web.parameter("item"))' is not an item (KEY or KEY~N)")
        }
        let form = try await web.form(limit: runner.settings.bodyLimit)
        let revision = form["revision"].flatMap { Int($0) }
        let item = ref.description
        let assignments = form.values.map { Assignment(key: $0.key, text: $0.text) }
        let record = form["record"] ?? ""
        let actions: Set = ["set", "complete", "review", "not-required", "reinstate", "link", "unlink", "create",
                            "edit-record", "add", "remove"]
        guard actions.contains(action) else { throw HTTPError(.notFound) }
        do {
            let target = try await runner.run(web.context) { call -> String in
                let first = call.expecting(revision: revision)
                switch action {
                case "set": _ = try first.setValues(plan: id, item: item, assignments)
                case "complete", "review":
                    // The card's Mark Complete also saves what was typed in it.
                    var call = first
                    if !assignments.isEmpty {
                        _ = try first.setValues(plan: id, item: item, assignments)
                        call = first.expecting(revision: nil)
                    }
                    _ = action == "complete" ? try call.complete(plan: id, item: item) : try call.review(plan: id, item: item)
                case "not-required":
                    let reason = form["reason"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
                    _ = try first.notRequired(plan: id, item: item, reason: reason)
                case "reinstate": _ = try first.reinstate(plan: id, item: item)
                case "link": _ = try first.link(plan: id, item: item, records: form.all("records"))
                case "unlink": _ = try first.unlink(plan: id, item: item, record: record)
                case "create": _ = try first.createRecord(plan: id, item: item, assignments)
                case "edit-record":
                    // Only a record this card links, so a form can't reach another client's records.
                    let view = try first.show(id)
                    guard view.plan.instance(ref)?.records.contains(record) == true else {
                        throw ServiceError.refused("Record \(record) is not linked to item '\(item)'")
                    }
                    guard view.plan.status == .draft else {
                        throw ServiceError.refused("Plan \(id) is \(view.plan.status.rawValue); only a draft can be changed")
                    }
                    _ = try first.editRecord(record, assignments)
                case "add":
                    let clone = form["clone"].flatMap { Int($0) }
                    let change = try first.addInstance(plan: id, item: ref.key, clone: clone)
                    let added = change.plan.instances(of: ref.key).map(\.instance).max() ?? 1
                    return Paths.itemOnPlan(id, InstanceRef(ref.key, added))
                case "remove":
                    _ = try first.removeInstance(plan: id, item: item)
                    return Paths.plan(id) + "#s-" + (try first.show(id).template.section(containing: ref.key)?.key ?? "")
                default: break
                }
                return Paths.itemOnPlan(id, ref)
            }
            return web.redirect(target)
        } catch let error as ServiceError where error.kind == .refused || error.kind == .badInput {
            var typed = form.typed
            if let reason = form["reason"] { typed["reason"] = reason }
            let formName: String
            var panel: (InstanceRef, PanelRequest)?
            switch action {
            case "set": formName = "values"
            case "create": formName = "create"; panel = (ref, .create)
            case "edit-record": formName = "edit:" + record; panel = (ref, .edit(record))
            case "link": formName = "link"; panel = (ref, .link)
            default: formName = action
            }
            var state = PlanPageState()
            state.refusal = PlanPageState.Refusal(ref: ref, reasons: error.reasons, fieldMessages: error.fieldMessages,
                                                  typed: typed, form: formName)
            return try await renderPlan(web, id: id, state: state, panel: panel, status: APIError.status(of: error.kind))
        } catch let error as ServiceError where error.kind == .conflict {
            return try await conflict(web, id: id)
        }
    }
}
