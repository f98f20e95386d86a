import CaseMetrics
import Foundation
import Hummingbird
import Logging

/// `GET /health`: the process is up. `GET /ready`: the database answers and its schema is the one this binary expects.
struct HealthController: Sendable {
    let health: ServiceHealth

    struct Health: ResponseEncodable {
        var status: String
    }

    struct Readiness: ResponseEncodable {
        var status: String
        var database: String
        var schema: String
        var schemaVersion: String
        var pool: Pool
        var detail: String?
        /// The metrics worker's checkpoint and lag (events and seconds), whichever process runs it; nil when it cannot
        /// be read (schema outdated, database down). The worker's lag does not make the API unready.
        var worker: MetricsWorkerStatus?

        struct Pool: Codable {
            var open: Int
            var idle: Int
            var waiting: Int
            var maximum: Int

            init(_ pool: ServiceHealth.Pool) {
                open = pool.open
                idle = pool.idle
                waiting = pool.waiting
                maximum = pool.maximum
            }
        }
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("health") { _, _ in Health(status: "ok") }
        routes.get("ready") { _, context in try await ready(context: context) }
        return routes
    }

    func ready(context: AppRequestContext) async throws -> EditedResponse<Readiness> {
        let pool = Readiness.Pool(health.pool)
        do {
            let current = try await health.schemaIsCurrent()
            let worker = current ? try? await health.workerStatus() : nil
            let readiness = Readiness(
                status: current ? "ready" : "not_ready",
                database: "ok",
                schema: current ? "current" : "outdated",
                schemaVersion: health.schemaVersion,
                pool: pool,
                detail: current ? nil : "run `tthc migrate`",
                worker: worker
            )
            return EditedResponse(status: current ? .ok : .serviceUnavailable, response: readiness)
        } catch {
            context.logger.warning("readiness check failed", metadata: ["error": "\(error)"])
            let readiness = Readiness(
                status: "not_ready",
                database: "unavailable",
                schema: "unknown",
                schemaVersion: health.schemaVersion,
                pool: pool,
                detail: "the database does not answer"
            )
            return EditedResponse(status: .serviceUnavailable, response: readiness)
        }
    }
}
