import CaseDomain
import Foundation
import Testing

/// Helpers of the calendar tests: dates and moments written as text, and a seeded random generator.
enum CalendarFixtures {
    /// A `LocalDate` from `YYYY-MM-DD`; records an issue (and returns 1970-01-01) for a typo.
    static func date(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> LocalDate {
        guard let date = LocalDate(iso: text) else {
            Issue.record("not a date: \(text)", sourceLocation: sourceLocation)
            return LocalDate(julianDay: 2_440_588)
        }
        return date
    }

    /// A moment from RFC 3339 text; records an issue (and returns the epoch) for a typo.
    static func moment(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Date {
        guard let moment = VietnamTime.parseRFC3339(text) else {
            Issue.record("not an RFC 3339 timestamp: \(text)", sourceLocation: sourceLocation)
            return Date(timeIntervalSince1970: 0)
        }
        return moment
    }

    /// `2026-02-27T17:00:00+07:00`.
    static func text(_ moment: Date) -> String {
        VietnamTime.rfc3339(moment)
    }
}

/// SplitMix64: a tiny, fast generator, so that property tests are random but reproducible from their seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
