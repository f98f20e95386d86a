import ArgumentParser
import CaseAPI
import CaseDomain
import CaseStore
import Foundation
import Logging
import Postgres

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "The Vietnamese working-day calendar: days off, lunar dates, due moments.",
        subcommands: [Holidays.self, Lunar.self, Due.self]
    )

    /// Where the calendar comes from: the database's holiday table when one is configured (DATABASE_URL, libpq's
    /// variables, or an embedded cluster that already exists), else the built-in official and provisional data.
    struct Source: ParsableArguments {
        @Flag(help: "Use the built-in calendar even when a database is configured.")
        var builtIn = false

        func workingDays() async throws -> WorkingDays {
            if builtIn { return .builtIn }
            let environment = try CommandEnvironment(logLevel: .error)
            let embeddedExists = FileManager.default.fileExists(
                atPath: URL(fileURLWithPath: environment.configuration.dataDirectory).appendingPathComponent("pgdata").path
            )
            guard environment.configuration.usesExternalDatabase || embeddedExists else { return .builtIn }
            return try await environment.withDatabase(poolSize: 1, schema: .leave) { database, _ in
                try await ReferenceStore(database: database).workingDays()
            }
        }
    }

    struct Holidays: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every day off and swapped working day of a year.")

        @Option(help: "The year (1900–2100).")
        var year: Int

        @Option(help: "text (Vietnamese) or json.")
        var format: OutputFormat = .text

        @OptionGroup var source: Source

        func validate() throws {
            guard (1900...2100).contains(year) else { throw ValidationError("--year must be between 1900 and 2100") }
        }

        func run() async throws {
            let days = try await source.workingDays().days(year: year)
            switch format {
            case .json:
                print(try jsonString(days.map(HolidayJSON.init)))
            case .text:
                let official = days.contains { $0.source == .official }
                print("Lịch nghỉ năm \(year) (\(official ? "chính thức" : "tạm tính theo Bộ luật Lao động 2019, Điều 112"))")
                for day in days {
                    let kind: String
                    switch day.kind {
                    case .holiday: kind = "nghỉ lễ, Tết"
                    case .substitute: kind = "nghỉ bù"
                    case .bridge: kind = "nghỉ hoán đổi"
                    case .workday: kind = "làm việc bù"
                    }
                    let reference = day.reference.isEmpty ? "" : " — \(day.reference)"
                    print("\(day.date)  \(weekdayName(day.date).padding(toLength: 9, withPad: " ", startingAt: 0))  \(kind): \(day.name)\(reference)")
                }
            }
        }
    }

    struct Lunar: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Solar dates (YYYY-MM-DD) to the Vietnamese lunar calendar.")

        @Argument(help: "One or more dates, YYYY-MM-DD, 1900-01-31 to 2100-12-31.")
        var dates: [String]

        @Option(help: "text (Vietnamese) or json.")
        var format: OutputFormat = .text

        func run() async throws {
            struct LunarJSON: Encodable {
                var solar: String
                var day: Int
                var month: Int
                var year: Int
                var leap: Bool
            }
            var results: [LunarJSON] = []
            for text in dates {
                guard let date = LocalDate(iso: text), date >= LocalDate(year: 1900, month: 1, day: 31)!,
                    date <= LocalDate(year: 2100, month: 12, day: 31)!
                else {
                    throw ValidationError("\(text): expected a date YYYY-MM-DD between 1900-01-31 and 2100-12-31")
                }
                let lunar = VietnameseLunarCalendar.lunarDate(for: date)
                results.append(LunarJSON(solar: date.description, day: lunar.day, month: lunar.month, year: lunar.year, leap: lunar.isLeapMonth))
            }
            switch format {
            case .json:
                print(try jsonString(results))
            case .text:
                for result in results {
                    print("\(result.solar): ngày \(result.day) tháng \(result.month)\(result.leap ? " nhuận" : "") năm \(result.year) âm lịch")
                }
            }
        }
    }

    struct Due: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The due moment of a dossier received at a moment, with a time limit.",
            discussion: "Example: tthc calendar due --from 2026-02-13T10:00:00+07:00 --working-days 5"
        )

        @Option(help: "The receipt moment, RFC 3339 with an offset.")
        var from: String

        @Option(help: "Time limit in working days.")
        var workingDays: Int?

        @Option(help: "Time limit in calendar days.")
        var days: Int?

        @Option(help: "Time limit in working hours.")
        var workingHours: Int?

        @Option(help: "text (Vietnamese) or json.")
        var format: OutputFormat = .text

        @OptionGroup var source: Source

        func validate() throws {
            let given = [workingDays, days, workingHours].compactMap { $0 }
            guard given.count == 1 else { throw ValidationError("give exactly one of --working-days, --days, --working-hours") }
            guard let value = given.first, (0...3650).contains(value) else { throw ValidationError("the time limit must be 0…3650") }
            guard VietnamTime.parseRFC3339(from) != nil else {
                throw ValidationError("--from must be an RFC 3339 moment with an offset, e.g. 2026-02-13T10:00:00+07:00")
            }
        }

        func run() async throws {
            guard let moment = VietnamTime.parseRFC3339(from) else { throw ValidationError("invalid --from") }
            let limit: TimeLimit =
                if let workingDays { .workingDays(workingDays) } else if let days { .days(days) } else { .workingHours(workingHours ?? 0) }
            let calendar = BusinessCalendar(days: try await source.workingDays())
            let due = calendar.due(receivedAt: moment, limit: limit)
            let receipt = calendar.effectiveReceiptDay(for: moment)
            switch format {
            case .json:
                struct DueJSON: Encodable {
                    var from: String
                    var effectiveReceipt: String
                    var due: String

                    enum CodingKeys: String, CodingKey {
                        case from
                        case effectiveReceipt = "effective_receipt"
                        case due
                    }
                }
                print(
                    try jsonString(DueJSON(from: VietnamTime.rfc3339(moment), effectiveReceipt: receipt.description, due: VietnamTime.rfc3339(due)))
                )
            case .text:
                let unit =
                    switch limit.unit {
                    case .workingDays: "ngày làm việc"
                    case .days: "ngày"
                    case .workingHours: "giờ làm việc"
                    }
                print("Tiếp nhận: \(VietnamTime.rfc3339(moment))")
                print("Ngày tiếp nhận tính hạn: \(receipt) (\(weekdayName(receipt)))")
                print("Thời hạn: \(limit.value) \(unit)")
                print("Hạn trả kết quả: \(VietnamTime.rfc3339(due)) (\(weekdayName(VietnamTime.localDate(of: due))))")
            }
        }
    }
}

func weekdayName(_ date: LocalDate) -> String {
    ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"][date.weekday - 1]
}

func jsonString(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
