import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PlanModel
import PlanService

/// The coordinators' web page at `/`: server-rendered HTML over the same service as the API, every
/// action a plain form post answered with a redirect (post/redirect/get), every form CSRF-checked.
public struct WebController: Sendable {
    let runner: ServiceRunner
    let csrf: CSRFGuard
    let limiter: SignInLimiter

    public init(runner: ServiceRunner) {
        self.runner = runner
        csrf = CSRFGuard()
        limiter = SignInLimiter(attempts: runner.settings.signInAttempts, window: ServerSettings.seconds(runner.settings.signInWindow))
    }

    public func addRoutes(to router: Router<APIRequestContext>) {
        router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/clients"]) }
        router.get("static/style.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=300"],
                     body: .init(byteBuffer: ByteBuffer(string: Stylesheet.css)))
        }
        router.get("sign-in") { request, context in try await page(request, context) { web in try await signInPage(web) } }
        router.post("sign-in") { request, context in try await page(request, context) { web in try await signIn(web) } }
        router.post("sign-out") { request, context in try await page(request, context) { web in try await signOut(web) } }
        router.get("clients") { request, context in try await page(request, context) { web in try await clients(web) } }
        router.get("clients/:id") { request, context in try await page(request, context) { web in try await client(web, id: try web.parameter("id")) } }
        router.post("clients/:id/plans") { request, context in try await page(request, context) { web in try await createPlan(web) } }
        router.get("plans/:id") { request, context in try await page(request, context) { web in try await plan(web) } }
        router.get("plans/:id/history") { request, context in try await page(request, context) { web in try await history(web) } }
        router.get("plans/:id/diff") { request, context in try await page(request, context) { web in try await diff(web) } }
        for life in LifeAction.allCases {
            router.get("plans/:id/\(life.rawValue)") { request, context in try await page(request, context) { web in try await confirm(web, life) } }
            router.post("plans/:id/\(life.rawValue)") { request, context in try await page(request, context) { web in try await lifeAction(web, life) } }
        }
        router.post("plans/:id/items/:item/:action") { request, context in try await page(request, context) { web in try await itemAction(web) } }
        router.get("templates") { request, context in try await page(request, context) { web in try await templates(web) } }
        router.get("templates/:id/versions/:version") { request, context in try await page(request, context) { web in try await templateVersion(web) } }
    }

    /// Runs a page handler, turning what it throws into a page a person can read.
    func page(_ request: Request, _ context: APIRequestContext, _ body: (WebRequest) async throws -> Response) async throws -> Response {
        let web = WebRequest(request, context, csrf: csrf)
        do {
            return try await body(web)
        } catch is WebRequest.ForgedForm {
            return web.html(MessagePage(title: "This form has expired", lines: [
                "The form was not sent from this site's current page, so nothing was changed.",
                "Go back, reload the page and try again."], context: web.page).node, status: .forbidden)
        } catch {
            let e = APIError.from(error)
            let title: String
            switch e.status {
            case .notFound: title = "Not found"
            case .forbidden: title = "Not allowed"
            case .unauthorized: title = "Sign in needed"
            case .badRequest: title = "That request can't be done"
            case .unprocessableContent: title = "Refused"
            default: title = e.status.code >= 500 ? "Something went wrong" : "That request can't be done"
            }
            return web.html(MessagePage(title: title, lines: e.reasons, context: web.page).node, status: e.status)
        }
    }

    // MARK: - Clients

    func clients(_ web: WebRequest) async throws -> Response {
        let query = web.query("q") ?? ""
        let found = try await runner.run(web.context) { call in try call.clients(matching: query) }
        return web.html(ClientsPage(query: query, clients: found, context: web.page).node)
    }

    func client(_ web: WebRequest, id: String, refusal: [String]? = nil, chosen: [String: String] = [:],
                status: HTTPResponse.Status = .ok) async throws -> Response {
        let (summary, templates, may) = try await runner.run(web.context) { call in
            (try call.client(id), try call.templates(), try call.permissions())
        }
        let rules = runner.service.rules
        let active = templates.filter { $0.status == "active" && $0.latestVersion != nil }
            .map { (id: $0.id, name: $0.name, version: $0.latestVersion!) }
        let page = ClientPage(summary: summary, profile: rules.profile, recordTypes: rules.recordTypes, templates: active,
                              context: web.page, mayCreate: may.may(.createPlans), refusal: refusal, chosen: chosen)
        return web.html(page.node, status: status)
    }

    func createPlan(_ web: WebRequest) async throws -> Response {
        let id = try web.parameter("id")
        let form = try await web.form(limit: runner.settings.bodyLimit)
        let template = form["template"] ?? ""
        let goal = form["goal_plan"].flatMap { $0.isEmpty ? nil : $0 }
        let behaviour = form["behaviour_plan"].flatMap { $0.isEmpty ? nil : $0 }
        do {
            let planID = try await runner.run(web.context) { call in
                try call.createPlan(client: id, template: template, goalPlan: goal, behaviourPlan: behaviour).plan.id
            }
            return web.redirect(Paths.plan(planID))
        } catch let error as ServiceError where error.kind == .refused || error.kind == .badInput {
            return try await client(web, id: id, refusal: error.reasons,
                                    chosen: ["template": template, "goal_plan": goal ?? "", "behaviour_plan": behaviour ?? ""],
                                    status: APIError.status(of: error.kind))
        }
    }

    // MARK: - Templates

    func templates(_ web: WebRequest) async throws -> Response {
        let list = try await runner.run(web.context) { call in try call.templates() }
        return web.html(TemplatesPage(templates: list, context: web.page).node)
    }

    func templateVersion(_ web: WebRequest) async throws -> Response {
        let id = try web.parameter("id")
        guard let version = Int(try web.parameter("version")) else { throw ServiceError.badInput("A template version is a whole number") }
        let template = try await runner.run(web.context) { call in try call.template(id, version: version) }
        return web.html(TemplateVersionPage(template: template, context: web.page).node)
    }
}
