import Foundation
import Hummingbird
import Logging
import CaseStore
import Postgres

/// `GET /health`: the process is up. `GET /ready`: the database answers and its schema is the one this binary expects.
struct HealthController: Sendable {
    let database: Database

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
        }
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("health") { _, _ in Health(status: "ok") }
        router.get("ready") { _, context in try await ready(context: context) }
    }

    func ready(context: AppRequestContext) async throws -> EditedResponse<Readiness> {
        let stats = database.client.statistics
        let pool = Readiness.Pool(open: stats.open, idle: stats.idle, waiting: stats.waiting, maximum: stats.maximum)
        do {
            let current = try await database.migrator.isCurrent()
            let worker = current ? try? await MetricsProjectionStore(database: database).status() : nil
            let readiness = Readiness(
                status: current ? "ready" : "not_ready",
                database: "ok",
                schema: current ? "current" : "outdated",
                schemaVersion: Database.schemaVersion,
                pool: pool,
                detail: current ? nil : "run `tthc migrate`",
                worker: worker
            )
            return EditedResponse(status: current ? .ok : .serviceUnavailable, response: readiness)
        } catch {
            context.logger.warning("readiness check failed", metadata: ["error": "\(error)"])
            let readiness = Readiness(
                status: "not_ready", database: "unavailable", schema: "unknown", schemaVersion: Database.schemaVersion,
                pool: pool, detail: "the database does not answer"
            )
            return EditedResponse(status: .serviceUnavailable, response: readiness)
        }
    }
}
