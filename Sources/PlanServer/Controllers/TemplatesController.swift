import Hummingbird
import PlanService

/// `/api/v1/templates`: list, show and publish templates.
struct TemplatesController {
    let runner: ServiceRunner

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get { _, context in
            try APIResponse.json(try await runner.run(context) { try $0.templates() })
        }
        group.get(":id") { request, context in
            let id = try context.path("id")
            let version = try request.query("version").map { text -> Int in
                guard let n = Int(text), n >= 1 else { throw APIError.badInput("Query parameter 'version' must be a version number, not '\(text)'") }
                return n
            }
            return try APIResponse.json(try await runner.run(context) { try $0.template(id, version: version) })
        }
        group.post(":id/publish") { request, context in
            let id = try context.path("id")
            let dryRun = try request.dryRun()
            _ = try await RequestBody.read(request, keys: [], settings: runner.settings)
            return try APIResponse.json(try await runner.run(context) { try $0.publish([id], dryRun: dryRun) })
        }
    }
}
