import CaseAPI
import CaseDomain
import Foundation

/// Charts drawn as inline SVG on the server: no script, no external resource, printable. Built from numbers and
/// labels only; every label is XML-escaped here, which is why a page may insert the result unescaped.
///
/// Colours are told apart by more than hue (markers of different shapes, a legend, values in each element's
/// tooltip), and every chart has a `<title>` and a `<desc>` that say what it shows in words; the numbers behind it
/// are in a table next to it.
enum SVGChart {
    struct Series {
        var name: String
        var values: [Double?]
    }

    static let colours = ["#0b3d91", "#e07b00", "#7aa6e8", "#2e7d32"]
    static let width = 640.0
    static let left = 52.0
    static let right = 16.0
    static let top = 16.0
    static let bottom = 40.0

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static func number(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    private static func open(id: String, title: String, description: String, height: Double) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" \
        aria-labelledby="\(id)-title \(id)-desc" font-family="Noto Sans, Arial, sans-serif" font-size="12">
        <title id="\(id)-title">\(escape(title))</title><desc id="\(id)-desc">\(escape(description))</desc>

        """
    }

    /// A "nice" upper bound for an axis: 1, 2 or 5 times a power of ten, at least `value` (and at least 1).
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 1 else { return 1 }
        let power = pow(10, floor(log10(value)))
        for step in [1.0, 2, 5, 10] where step * power >= value { return step * power }
        return 10 * power
    }

    /// How many steps divide a count axis into whole numbers: `maximum` is 1, 2 or 5 times a power of ten.
    static func countTicks(_ maximum: Double) -> Int {
        if maximum <= 5 { return max(1, Int(maximum)) }
        let leading = maximum / pow(10, floor(log10(maximum)))
        return leading.rounded() == 2 ? 4 : 5
    }

    private static func axes(plotHeight: Double, maximum: Double, ticks: Int, format: (Double) -> String) -> String {
        var svg = ""
        let plotWidth = width - left - right
        for index in 0...ticks {
            let value = maximum * Double(index) / Double(ticks)
            let y = top + plotHeight - plotHeight * Double(index) / Double(ticks)
            svg +=
                "<line x1=\"\(number(left))\" y1=\"\(number(y))\" x2=\"\(number(left + plotWidth))\" y2=\"\(number(y))\" "
                + "stroke=\"\(index == 0 ? "#1b1b1b" : "#d5dae1")\" stroke-width=\"1\"/>"
            svg += "<text x=\"\(number(left - 6))\" y=\"\(number(y + 4))\" text-anchor=\"end\" fill=\"#1b1b1b\">\(escape(format(value)))</text>\n"
        }
        return svg
    }

    private static func categoryLabels(_ categories: [String], plotHeight: Double) -> String {
        let band = (width - left - right) / Double(max(categories.count, 1))
        return categories.enumerated().map { index, label in
            let x = left + band * (Double(index) + 0.5)
            return "<text x=\"\(number(x))\" y=\"\(number(top + plotHeight + 18))\" text-anchor=\"middle\" fill=\"#1b1b1b\">\(escape(label))</text>"
        }.joined(separator: "\n")
    }

    /// Counts per category, stacked (e.g. dossiers received per month by channel).
    static func stackedBars(id: String, title: String, description: String, categories: [String], series: [Series]) -> String {
        let height = 280.0
        let plotHeight = height - top - bottom
        let totals = categories.indices.map { index in series.reduce(0) { $0 + ($1.values[safe: index].flatMap { $0 } ?? 0) } }
        let maximum = niceCeiling(totals.max() ?? 0)
        var svg = open(id: id, title: title, description: description, height: height)
        svg += axes(plotHeight: plotHeight, maximum: maximum, ticks: countTicks(maximum)) { String(Int($0.rounded())) }
        let band = (width - left - right) / Double(max(categories.count, 1))
        let barWidth = min(44, band * 0.6)
        for (index, category) in categories.enumerated() {
            var base = top + plotHeight
            let x = left + band * Double(index) + (band - barWidth) / 2
            for (seriesIndex, one) in series.enumerated() {
                let value = one.values[safe: index].flatMap { $0 } ?? 0
                guard value > 0 else { continue }
                let barHeight = plotHeight * value / maximum
                base -= barHeight
                svg +=
                    "<rect x=\"\(number(x))\" y=\"\(number(base))\" width=\"\(number(barWidth))\" height=\"\(number(barHeight))\" "
                    + "fill=\"\(colours[seriesIndex % colours.count])\" stroke=\"#ffffff\" stroke-width=\"1\">"
                    + "<title>\(escape("\(category) · \(one.name): \(Int(value))"))</title></rect>\n"
            }
            if totals[index] > 0 {
                svg +=
                    "<text x=\"\(number(x + barWidth / 2))\" y=\"\(number(base - 4))\" text-anchor=\"middle\" fill=\"#1b1b1b\">"
                    + "\(Int(totals[index]))</text>\n"
            }
        }
        svg += categoryLabels(categories, plotHeight: plotHeight)
        return svg + "</svg>"
    }

    /// Rates (0…1) per category, one line per series; a category without a value (not applicable) leaves a gap.
    static func rateLines(id: String, title: String, description: String, categories: [String], series: [Series]) -> String {
        let height = 280.0
        let plotHeight = height - top - bottom
        var svg = open(id: id, title: title, description: description, height: height)
        svg += axes(plotHeight: plotHeight, maximum: 100, ticks: 4) { "\(Int($0))%" }
        let band = (width - left - right) / Double(max(categories.count, 1))
        for (seriesIndex, one) in series.enumerated() {
            let colour = colours[seriesIndex % colours.count]
            var points: [(Double, Double, Double, String)] = []
            var segments: [[(Double, Double)]] = [[]]
            for (index, category) in categories.enumerated() {
                guard let value = one.values[safe: index].flatMap({ $0 }) else {
                    if !(segments.last?.isEmpty ?? true) { segments.append([]) }
                    continue
                }
                let x = left + band * (Double(index) + 0.5)
                let y = top + plotHeight - plotHeight * min(max(value, 0), 1)
                segments[segments.count - 1].append((x, y))
                points.append((x, y, value, category))
            }
            for segment in segments where segment.count > 1 {
                let path = segment.map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " ")
                svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2.5\"/>\n"
            }
            for (x, y, value, category) in points {
                let tip = "<title>\(escape("\(category) · \(one.name): \(percent(value))"))</title>"
                switch seriesIndex % 3 {
                case 0:
                    svg += "<circle cx=\"\(number(x))\" cy=\"\(number(y))\" r=\"5\" fill=\"\(colour)\">\(tip)</circle>\n"
                case 1:
                    svg += "<rect x=\"\(number(x - 5))\" y=\"\(number(y - 5))\" width=\"10\" height=\"10\" fill=\"\(colour)\">\(tip)</rect>\n"
                default:
                    svg +=
                        "<polygon points=\"\(number(x)),\(number(y - 6)) \(number(x + 6)),\(number(y)) \(number(x)),\(number(y + 6)) "
                        + "\(number(x - 6)),\(number(y))\" fill=\"\(colour)\">\(tip)</polygon>\n"
                }
            }
        }
        svg += categoryLabels(categories, plotHeight: plotHeight)
        return svg + "</svg>"
    }

    /// Points of each criterion against its maximum, one horizontal bar per criterion.
    static func pointsAgainstMaximum(
        id: String,
        title: String,
        description: String,
        rows: [(label: String, points: Double, maximum: Double)]
    )
        -> String
    {
        let rowHeight = 44.0
        let height = top + Double(rows.count) * rowHeight + 8
        let labelWidth = 8.0
        let plotWidth = width - labelWidth - right - 70
        let maximum = max(rows.map(\.maximum).max() ?? 1, 1)
        var svg = open(id: id, title: title, description: description, height: max(height, 60))
        for (index, row) in rows.enumerated() {
            let y = top + Double(index) * rowHeight
            let full = plotWidth * row.maximum / maximum
            let got = plotWidth * min(row.points, row.maximum) / maximum
            let tip = "<title>\(escape("\(row.label): \(points(row.points))/\(points(row.maximum))"))</title>"
            svg += "<text x=\"\(number(labelWidth))\" y=\"\(number(y + 12))\" fill=\"#1b1b1b\">\(escape(row.label))</text>\n"
            svg +=
                "<rect x=\"\(number(labelWidth))\" y=\"\(number(y + 18))\" width=\"\(number(full))\" height=\"16\" fill=\"#d5dae1\" "
                + "stroke=\"#6b6f76\" stroke-width=\"1\">\(tip)</rect>\n"
            if got > 0 {
                svg +=
                    "<rect x=\"\(number(labelWidth))\" y=\"\(number(y + 18))\" width=\"\(number(got))\" height=\"16\" "
                    + "fill=\"\(colours[0])\">\(tip)</rect>\n"
            }
            svg +=
                "<text x=\"\(number(labelWidth + full + 6))\" y=\"\(number(y + 31))\" fill=\"#1b1b1b\">"
                + "\(escape("\(points(row.points))/\(points(row.maximum))"))</text>\n"
        }
        return svg + "</svg>"
    }

    static func percent(_ rate: Double) -> String {
        let value = (rate * 1000).rounded() / 10
        return value == value.rounded() ? "\(Int(value))%" : String(format: "%.1f%%", value).replacingOccurrences(of: ".", with: ",")
    }

    static func points(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.2f", rounded).replacingOccurrences(of: ".", with: ",")
    }
}

extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
