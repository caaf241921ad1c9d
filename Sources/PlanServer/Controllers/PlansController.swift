import Hummingbird
import PlanModel
import PlanService

/// `/api/v1/plans`: create, list, show, and a plan's life (activate, review, discard), history, diff
/// and explanations. Every answer about one plan carries its revision as the `ETag`.
struct PlansController {
    let runner: ServiceRunner

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.post { request, context in
            let dryRun = try request.dryRun()
            let body = try await RequestBody.read(request, keys: ["client", "template", "goal_plan", "behaviour_plan"], settings: runner.settings)
            let client = try body.requiredString("client"), template = try body.requiredString("template")
            let goal = try body.string("goal_plan"), behaviour = try body.string("behaviour_plan")
            let change = try await runner.run(context) {
                try $0.createPlan(client: client, template: template, goalPlan: goal, behaviourPlan: behaviour, dryRun: dryRun)
            }
            return try APIResponse.change(change, status: dryRun ? .ok : .created, location: "/api/v1/plans/\(change.plan.id)")
        }
        group.get { request, context in
            let client = request.query("client")
            let status = try request.query("status").map { text -> SupportPlan.Status in
                guard let s = SupportPlan.Status(rawValue: text) else {
                    throw APIError.badInput("Query parameter 'status' must be one of \(SupportPlan.Status.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'")
                }
                return s
            }
            return try APIResponse.json(try await runner.run(context) { try $0.plans(client: client, status: status).map(PlanRow.init) })
        }
        group.get(":id") { _, context in
            let id = try context.path("id")
            return try APIResponse.plan(try await runner.run(context) { try $0.show(id) })
        }
        group.post(":id/activate") { request, context in
            try await PlanChanges.answer(request, context, runner, keys: []) { call, id, _, dryRun in
                try call.activate(id, dryRun: dryRun)
            }
        }
        group.post(":id/review") { request, context in
            try await PlanChanges.answer(request, context, runner, keys: ["upgrade"], created: true) { call, id, body, dryRun in
                try call.startReview(id, upgrade: try body.bool("upgrade") ?? false, dryRun: dryRun)
            }
        }
        group.post(":id/discard") { request, context in
            try await PlanChanges.answer(request, context, runner, keys: []) { call, id, _, dryRun in
                try call.discard(id, dryRun: dryRun)
            }
        }
        group.get(":id/history") { _, context in
            let id = try context.path("id")
            return try APIResponse.json(try await runner.run(context) { try $0.history(id) })
        }
        group.get(":id/diff") { request, context in
            let id = try context.path("id"), other = request.query("other")
            return try APIResponse.json(try await runner.run(context) { try $0.diff(id, other: other) })
        }
        group.get(":id/explain/:item") { _, context in
            let id = try context.path("id"), item = try context.item()
            return try APIResponse.json(try await runner.run(context) { try $0.explain(id, item: item) })
        }
        group.get(":id/explain") { _, context in
            let id = try context.path("id")
            return try APIResponse.json(try await runner.run(context) { try $0.explain(id, part: .plan) })
        }
        group.get(":id/sections/:section/explain") { _, context in
            let id = try context.path("id"), section = try context.path("section")
            return try APIResponse.json(try await runner.run(context) { try $0.explain(id, part: .section(section)) })
        }
        group.get(":id/forms/:type/explain") { request, context in
            let id = try context.path("id"), type = try context.path("type"), item = request.query("item")
            return try APIResponse.json(try await runner.run(context) { try $0.explain(id, part: .form(type, item: item)) })
        }
    }
}

/// The one way a request changes a plan: `?dry_run`, `If-Match`, a strict body, the change report
/// with the new `ETag`, and on a stale `If-Match` a `412` carrying the plan as stored now.
enum PlanChanges {
    static func answer(_ request: Request, _ context: APIRequestContext, _ runner: ServiceRunner, keys: [String], created: Bool = false,
                       _ operation: @escaping @Sendable (ServiceCall, String, RequestBody, Bool) throws -> PlanChange) async throws -> Response {
        let id = try context.path("id")
        let dryRun = try request.dryRun()
        let expected = try request.expectedRevision()
        let body = try await RequestBody.read(request, keys: keys, settings: runner.settings)
        do {
            let change = try await runner.run(context) { call in try operation(call.expecting(revision: expected), id, body, dryRun) }
            return try APIResponse.change(change, status: created && !dryRun ? .created : .ok,
                                          location: created ? "/api/v1/plans/\(change.plan.id)" : nil)
        } catch let error as ServiceError where error.kind == .conflict {
            let current = try? await runner.run(context) { try $0.show(id) }
            throw APIError(error, currentPlan: current)
        }
    }
}
