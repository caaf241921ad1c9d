import Hummingbird
import PlanStore

/// `GET /healthz`: 200 `{"status": "ok"}` while the database answers.
struct HealthController {
    let runner: ServiceRunner

    func addRoutes(to router: Router<APIRequestContext>) {
        router.get("healthz") { _, _ in
            try runner.service.checkStore()
            return try APIResponse.json(["status": "ok"])
        }
    }
}
