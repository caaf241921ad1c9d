import Hummingbird
import PlanModel
import PlanService

/// `/api/v1/plans/{id}/items/{item}`: the item operations of `supportplan item`. `{item}` is `key`
/// or `key~N` for instance N.
struct ItemsController {
    let runner: ServiceRunner

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.patch(":item") { request, context in
            try await change(request, context, keys: ["values"]) { call, id, item, body, dryRun in
                try call.setValues(plan: id, item: item, Assignment.from(json: try body.object("values")), dryRun: dryRun)
            }
        }
        group.post(":item/complete") { request, context in
            try await change(request, context) { call, id, item, _, dryRun in try call.complete(plan: id, item: item, dryRun: dryRun) }
        }
        group.post(":item/review") { request, context in
            try await change(request, context) { call, id, item, _, dryRun in try call.review(plan: id, item: item, dryRun: dryRun) }
        }
        group.post(":item/not-required") { request, context in
            try await change(request, context, keys: ["reason"]) { call, id, item, body, dryRun in
                try call.notRequired(plan: id, item: item, reason: try body.string("reason"), dryRun: dryRun)
            }
        }
        group.post(":item/reinstate") { request, context in
            try await change(request, context) { call, id, item, _, dryRun in try call.reinstate(plan: id, item: item, dryRun: dryRun) }
        }
        group.post(":item/link") { request, context in
            try await change(request, context, keys: ["records"]) { call, id, item, body, dryRun in
                try call.link(plan: id, item: item, records: try body.strings("records"), dryRun: dryRun)
            }
        }
        group.post(":item/unlink") { request, context in
            try await change(request, context, keys: ["record"]) { call, id, item, body, dryRun in
                try call.unlink(plan: id, item: item, record: try body.requiredString("record"), dryRun: dryRun)
            }
        }
        group.post(":item/create") { request, context in
            try await change(request, context, keys: ["values"]) { call, id, item, body, dryRun in
                try call.createRecord(plan: id, item: item, Assignment.from(json: try body.object("values")), dryRun: dryRun)
            }
        }
        group.post(":item/add") { request, context in
            try await change(request, context, keys: ["clone", "blank"]) { call, id, item, body, dryRun in
                let clone = try body.integer("clone"), blank = try body.bool("blank") ?? false
                if clone != nil && blank { throw APIError.badInput("Give 'clone' or 'blank', not both") }
                return try call.addInstance(plan: id, item: item, clone: clone, dryRun: dryRun)
            }
        }
        group.post(":item/remove") { request, context in
            try await change(request, context) { call, id, item, _, dryRun in try call.removeInstance(plan: id, item: item, dryRun: dryRun) }
        }
        group.get(":item/candidates") { _, context in
            let id = try context.path("id"), item = try context.item()
            return try APIResponse.json(try await runner.run(context) { try $0.candidates(plan: id, item: item) })
        }
        group.get(":item/form") { _, context in
            let id = try context.path("id"), item = try context.item()
            return try APIResponse.json(try await runner.run(context) { call in
                let (type, form) = try call.form(plan: id, item: item)
                return FormView(recordType: type, form: form)
            })
        }
    }

    private func change(_ request: Request, _ context: APIRequestContext, keys: [String] = [],
                        _ operation: @escaping @Sendable (ServiceCall, String, String, RequestBody, Bool) throws -> PlanChange) async throws -> Response {
        let item = try context.item()
        return try await PlanChanges.answer(request, context, runner, keys: keys) { call, id, body, dryRun in
            try operation(call, id, item, body, dryRun)
        }
    }
}
