import Hummingbird
import PlanService

/// `/api/v1/records/{id}`: show and edit a client record.
struct RecordsController {
    let runner: ServiceRunner

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get(":id") { _, context in
            let id = try context.path("id")
            return try APIResponse.json(try await runner.run(context) { try $0.record(id) })
        }
        group.patch(":id") { request, context in
            let id = try context.path("id")
            let dryRun = try request.dryRun()
            let body = try await RequestBody.read(request, keys: ["values"], settings: runner.settings)
            let assignments = Assignment.from(json: try body.object("values"))
            return try APIResponse.json(try await runner.run(context) { try $0.editRecord(id, assignments, dryRun: dryRun) })
        }
    }
}
