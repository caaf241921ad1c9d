import Foundation
import Hummingbird

/// `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of the API, kept in the repository beside
/// this file (Resources/openapi.json) and checked against the router by a test.
struct OpenAPIController {
    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("openapi.json") { _, _ in
            guard let data = OpenAPIDocument.data else { throw APIError.internal }
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}

/// The OpenAPI document, read once from the module's resources.
public enum OpenAPIDocument {
    public static let data: Data? = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else { return nil }
        return try? Data(contentsOf: url)
    }()
}
