import Hummingbird
import NIOCore

/// `GET /api/v1/openapi.json`: the contract of the JSON API (`Resources/openapi.yaml`, served as JSON).
struct OpenAPIController {
    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("openapi.json") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: try OpenAPIContract.json))
            )
        }
        return routes
    }
}
