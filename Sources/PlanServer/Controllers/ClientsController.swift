import Hummingbird
import PlanModel
import PlanService

/// `/api/v1/clients`: search, show and import clients.
struct ClientsController {
    let runner: ServiceRunner

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get { request, context in
            let query = request.query("q")
            let limit = try request.query("limit").map { text -> Int in
                guard let n = Int(text) else { throw APIError.badInput("Query parameter 'limit' must be a whole number, not '\(text)'") }
                return n
            } ?? 100
            return try APIResponse.json(try await runner.run(context) { try $0.clients(matching: query, limit: limit) })
        }
        group.get(":id") { _, context in
            let id = try context.path("id")
            return try APIResponse.json(try await runner.run(context) { ClientView(summary: try $0.client(id), history: try $0.clientHistory(id)) })
        }
        // The body is what `client import` reads: a JSON array of clients, or JSON lines.
        group.post { request, context in
            let dryRun = try request.dryRun(), replace = try request.flag("replace")
            let data = try await RequestBody.bytes(request, settings: runner.settings)
            return try APIResponse.json(try await runner.run(context) {
                try $0.importClients(data: data, file: "request body", replace: replace, dryRun: dryRun)
            })
        }
    }
}
