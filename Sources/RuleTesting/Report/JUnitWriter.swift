import Foundation

/// Writes a test run as JUnit XML: a `testsuite` per template, a `testcase` per fixture, a
/// `failure` with the differences (and log) or an `error` with the problems of a malformed fixture.
public enum JUnitWriter {
    public static func xml(_ report: TestRunReport) -> String {
        var bySuite: [String: [FixtureResult]] = [:]
        for result in report.results { bySuite[result.templateID ?? "malformed", default: []].append(result) }
        let totalTime = report.results.reduce(0) { $0 + $1.seconds }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"supportplan\" tests=\"\(report.results.count)\" failures=\"\(report.failed)\""
        out += " errors=\"\(report.malformed)\" time=\"\(seconds(totalTime))\">\n"
        for suite in bySuite.keys.sorted() {
            let results = bySuite[suite]!
            let failures = results.filter { $0.outcome == .failed }.count
            let errors = results.filter { $0.outcome == .malformed }.count
            let time = results.reduce(0) { $0 + $1.seconds }
            out += "  <testsuite name=\"\(escape(suite))\" tests=\"\(results.count)\" failures=\"\(failures)\""
            out += " errors=\"\(errors)\" time=\"\(seconds(time))\">\n"
            for result in results {
                out += "    <testcase classname=\"\(escape(suite))\" name=\"\(escape(result.name))\""
                out += " file=\"\(escape(result.file))\" time=\"\(seconds(result.seconds))\""
                switch result.outcome {
                case .passed:
                    out += "/>\n"
                case .failed:
                    let body = (result.differences.map(\.description) + result.log.map { "log \($0)" }).joined(separator: "\n")
                    let message = result.differences.first?.description ?? "failed"
                    out += ">\n      <failure message=\"\(escape(message))\" type=\"FixtureFailure\">\(escape(body))</failure>\n    </testcase>\n"
                case .malformed:
                    let body = result.problems.map(\.description).joined(separator: "\n")
                    let message = result.problems.first?.description ?? "malformed"
                    out += ">\n      <error message=\"\(escape(message))\" type=\"MalformedFixture\">\(escape(body))</error>\n    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    /// Writes the XML to `url`.
    public static func write(_ report: TestRunReport, to url: URL) throws {
        try Data(xml(report).utf8).write(to: url)
    }

    static func seconds(_ value: Double) -> String { String(format: "%.3f", value) }

    /// Escapes text for an attribute or element; characters XML 1.0 forbids become `?`.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\t": out += "&#9;"
            case "\r": out += "&#13;"
            default:
                let v = scalar.value
                let allowed = (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) || v >= 0x10000
                out.unicodeScalars.append(allowed ? scalar : "?")
            }
        }
        return out
    }
}
