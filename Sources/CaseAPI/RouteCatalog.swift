public import HTTPTypes
import Hummingbird
import Synchronization

/// Every API route as registered, so that the OpenAPI document and the access-control suite can be checked against
/// what the server really serves (a new endpoint without documentation or an access row fails the tests).
public final class RouteCatalog: Sendable {
    public struct Route: Hashable, Sendable, CustomStringConvertible {
        public var method: HTTPRequest.Method
        /// The path in OpenAPI form, e.g. `/api/v1/dossiers/{code}`.
        public var path: String

        public var description: String { "\(method.rawValue) \(path)" }
    }

    private let storage = Mutex<[Route]>([])

    public init() {}

    public var routes: [Route] { storage.withLock { $0 } }

    func record(_ method: HTTPRequest.Method, _ path: String) {
        storage.withLock { $0.append(Route(method: method, path: path)) }
    }
}

/// A router group that records each route it registers.
struct CatalogedGroup {
    let group: RouterGroup<AppRequestContext>
    let prefix: String
    let catalog: RouteCatalog

    typealias Handler = @Sendable (Request, AppRequestContext) async throws -> Response

    private func register(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping Handler) {
        catalog.record(method, prefix + "/" + path)
        group.on(RouterPath(path), method: method, use: handler)
    }

    func get(_ path: String, use handler: @escaping Handler) { register(.get, path, handler) }
    func post(_ path: String, use handler: @escaping Handler) { register(.post, path, handler) }
    func put(_ path: String, use handler: @escaping Handler) { register(.put, path, handler) }
    func delete(_ path: String, use handler: @escaping Handler) { register(.delete, path, handler) }
}
