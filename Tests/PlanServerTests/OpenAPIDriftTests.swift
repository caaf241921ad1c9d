import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PlanServer
import Testing

/// The OpenAPI document and the router describe the same API: every route the router answers is in
/// the document, and every operation in the document is a route.
@Suite struct OpenAPIDriftTests {
    static func documentedRoutes() throws -> Set<String> {
        let data = try #require(OpenAPIDocument.data)
        let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(doc["openapi"] as? String == "3.1.0")
        let paths = try #require(doc["paths"] as? [String: [String: Any]])
        var routes = Set<String>()
        for (path, operations) in paths {
            for method in operations.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                routes.insert("\(method.uppercased()) \(path)")
            }
        }
        return routes
    }

    static func servedRoutes() throws -> Set<String> {
        let f = try ServerFixture(demo: false)
        let router = PlanServerApp.router(runner: f.runner, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        // The web page's routes (HTML for browsers) are not part of the API the document describes.
        let api = router.routes.filter { route in
            let path = route.path.description.drop { $0 == "/" }
            return path.hasPrefix("api/") || path == "healthz"
        }
        return Set(api.map { route in
            let path = route.path.description.split(separator: "/").map { part in
                part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
            }.joined(separator: "/")
            return "\(route.method.rawValue) /\(path)"
        })
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteIsServed() throws {
        let documented = try Self.documentedRoutes(), served = try Self.servedRoutes()
        #expect(served.subtracting(documented).sorted() == [], "served but not in openapi.json")
        #expect(documented.subtracting(served).sorted() == [], "in openapi.json but not served")
        #expect(served.count >= 28)
    }

    /// The document says what the authenticator does: bearer tokens everywhere but the two open routes,
    /// and a 401 answer on every operation that needs one.
    @Test func theDocumentDeclaresBearerTokensAndTheirUnauthenticatedAnswer() throws {
        let data = try #require(OpenAPIDocument.data)
        let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let schemes = (doc["components"] as? [String: Any])?["securitySchemes"] as? [String: [String: Any]]
        #expect(schemes?["bearer"]?["type"] as? String == "http" && schemes?["bearer"]?["scheme"] as? String == "bearer")
        #expect((doc["security"] as? [[String: [String]]]) == [["bearer": []]])
        let paths = try #require(doc["paths"] as? [String: [String: [String: Any]]])
        for (path, operations) in paths {
            for (method, operation) in operations {
                let open = ["/healthz", "/api/v1/openapi.json"].contains(path)
                #expect((operation["security"] as? [Any])?.isEmpty == (open ? true : nil), "\(method) \(path)")
                let responses = operation["responses"] as? [String: Any]
                #expect(open || responses?["401"] != nil, "\(method) \(path) has no 401 answer")
            }
        }
    }

    @Test func theDocumentIsServedAtItsPath() async throws {
        let f = try ServerFixture(demo: false)
        try await f.test { client in
            let response = try await client.send("/api/v1/openapi.json", .get)
            #expect(response.status == .ok)
            #expect(response.object["openapi"] as? String == "3.1.0")
        }
    }
}
