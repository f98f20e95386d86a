import CaseStore
import CaseTestSupport
import Foundation
import Postgres
import Testing

/// The executable end to end on a fresh database: `tthc import FILE.jsonl`, `tthc worker --once`, `tthc report`.
@Suite("tthc import, worker --once, report")
struct CommandLineTests {
    @Test("import a case log, catch up once, report as JSON, CSV and text")
    func importWorkerReport() async throws {
        let db = try await TestDatabase.make("cli", migrations: Database.migrations, poolSize: 2)
        defer { Task { await db.client.shutdown() } }
        let environment = ["DATABASE_URL": db.connectionString]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tthc-cli-\(UUID().uuidString.prefix(8)).jsonl")
        try (ScoringLog.all.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }

        let imported = try await ChildProcess.run(["import", file.path], environment: environment)
        #expect(imported.status == 0, "\(imported.errors)")
        let once = try await ChildProcess.run(["worker", "--once"], environment: environment)
        #expect(once.status == 0, "\(once.errors)")
        let events = try await db.count("SELECT count(*) FROM case_event")
        #expect(once.output.contains("Đã xử lý \(events) sự kiện"), "\(once.output)")

        let arguments = [
            "report", "--agency", "BDT", "--period", "2021", "--rubric", "par-department-example", "--as-of", "2022-01-10T00:00:00+07:00",
        ]
        let json = try await ChildProcess.run(arguments + ["--format", "json"], environment: environment)
        #expect(json.status == 0, "\(json.errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(object["agency"] as? String == "BDT")
        #expect(object["period"] as? String == "2021")
        #expect(object["as_of"] as? String == "2022-01-10T00:00:00+07:00")
        let metrics = try #require(object["metrics"] as? [[String: Any]])
        let online = try #require(metrics.first { $0["id"] as? String == "channel.online" })
        #expect(online["numerator"] as? Int == 0)
        #expect(online["denominator"] as? Int == 6)
        #expect((online["rate"] as? NSNumber)?.doubleValue == 0)
        #expect(metrics.first { $0["id"] as? String == "payment.online" }?["rate"] is NSNull)
        // No manual score entered: the computed points only (on time 2, nothing late 1).
        #expect((object["total"] as? NSNumber)?.intValue == 3)
        #expect(
            (object["scores"] as? [[String: Any]])?.filter { $0["status"] as? String == "zero" }.map { $0["criterion_id"] as? String }
                == ["cqdt.1", "cqdt.2", "cqdt.3", "cqdt.4", "cqdt.5"]
        )

        let csv = try await ChildProcess.run(arguments + ["--format", "csv"], environment: environment)
        #expect(csv.status == 0, "\(csv.errors)")
        #expect(Array(csv.output.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(csv.output.contains("channel.online,Tỷ lệ hồ sơ tiếp nhận trực tuyến,0,6,0.00"))

        let text = try await ChildProcess.run(arguments + ["--format", "text"], environment: environment)
        #expect(text.status == 0, "\(text.errors)")
        #expect(text.output.contains("Cơ quan: Ban Dân tộc tỉnh (BDT)"))
        #expect(text.output.contains("Không tiếp nhận hồ sơ nào qua dịch vụ bưu chính công ích (0/6)"))
        #expect(text.output.contains("Chưa có hồ sơ nào được số hóa kết quả (0/6)"))

        let bad = try await ChildProcess.run(["report", "--agency", "BDT", "--period", "2021-Q5"], environment: environment)
        #expect(bad.status != 0)
        let rebuild = try await ChildProcess.run(["worker", "--rebuild"], environment: environment)
        #expect(rebuild.status == 0, "\(rebuild.errors)")
        #expect(rebuild.output.contains("Đã tính lại toàn bộ chỉ số: 12 hồ sơ, \(events) sự kiện"), "\(rebuild.output)")
    }
}
