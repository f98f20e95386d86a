import Foundation

/// Exact arithmetic for points: Foundation `Decimal` (38 significant digits), rounded once per criterion to
/// hundredths, half-up. Totals are sums of the rounded criterion points, so what a reader adds up by hand is
/// what the scorecard says, and no binary floating point ever touches a total.
enum ScoringDecimal {
    /// Rounds to two decimals, half away from zero (`NSDecimalRound` with `.plain`): 0.125 → 0.13, 0.124 → 0.12.
    static func hundredths(_ value: Decimal) -> Decimal {
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, 2, .plain)
        return rounded
    }

    static func hasAtMostTwoDecimals(_ value: Decimal) -> Bool {
        hundredths(value) == value
    }

    /// `part ÷ whole × 100`, rounded to hundredths; `nil` when `whole` is zero.
    static func percent(_ part: Decimal, of whole: Decimal) -> Decimal? {
        whole == 0 ? nil : hundredths(part * 100 / whole)
    }

    /// Vietnamese number format: decimal comma ("61,54").
    static func vietnamese(_ value: Decimal) -> String {
        english(value).replacingOccurrences(of: ".", with: ",")
    }

    static func english(_ value: Decimal) -> String {
        var text = value.description
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
