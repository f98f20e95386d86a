import CaseMetrics
import CoreMetrics
import Foundation
import Hummingbird
import Logging
import NIOCore
import Prometheus

/// The service's own metrics for Prometheus: HTTP requests and latencies (Hummingbird's `MetricsMiddleware`), the
/// database pool, and the metrics worker (its counters, and its lag read from the database at each scrape, so that
/// every replica reports the same lag whichever process runs the worker).
enum ServiceMetrics {
    /// The registry behind swift-metrics, installed once per process (swift-metrics allows one bootstrap).
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}

/// `GET /metrics`: Prometheus text exposition format 0.0.4. Operational figures only (no dossier data); restrict it
/// to the monitoring network at the load balancer.
struct PrometheusController {
    let health: ServiceHealth

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("metrics") { _, context in try await scrape(context: context) }
        return routes
    }

    func scrape(context: AppRequestContext) async throws -> Response {
        let registry = ServiceMetrics.registry
        func gauge(_ subsystem: String, _ name: String, _ unit: String = "", help: String, labels: [(String, String)] = []) -> Prometheus.Gauge {
            registry.makeGauge(
                descriptor: MetricNameDescriptor(namespace: "tthc", subsystem: subsystem, metricName: name, unitName: unit, helpText: help),
                labels: labels
            )
        }
        let pool = health.pool
        let poolHelp = "Database connections of this process by state"
        gauge("db_pool", "connections", help: poolHelp, labels: [("state", "open")]).set(Double(pool.open))
        gauge("db_pool", "connections", help: poolHelp, labels: [("state", "idle")]).set(Double(pool.idle))
        gauge("db_pool", "connections", help: poolHelp, labels: [("state", "leased")]).set(Double(pool.leased))
        gauge("db_pool", "waiting", help: "Callers waiting for a database connection").set(Double(pool.waiting))
        gauge("db_pool", "max", "connections", help: "The pool's connection limit").set(Double(pool.maximum))
        let up = gauge("worker", "status", "up", help: "1 when the worker's checkpoint could be read")
        do {
            let status = try await health.workerStatus()
            gauge("worker", "lag", "events", help: "Case-log events committed but not yet in the metrics").set(Double(status.lagEvents))
            gauge("worker", "lag", "seconds", help: "Age of the oldest case-log event not yet in the metrics").set(status.lagSeconds)
            gauge("worker", "checkpoint", "event_id", help: "Id of the last case-log event in the metrics").set(Double(status.lastEventID))
            up.set(1.0)
        } catch {
            context.logger.warning("cannot read the metrics worker's checkpoint", metadata: ["error": "\(error)"])
            up.set(0.0)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
        )
    }
}
