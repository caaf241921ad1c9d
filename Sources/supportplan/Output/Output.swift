import Foundation
import PlanService
#if canImport(Glibc)
import Glibc
#endif

/// Writes what a command shows: text for people (colour only on a terminal, never with NO_COLOR) or JSON for scripts.
struct Output {
    let format: OutputFormat
    var json: Bool { format == .json }

    static let colourEnabled: Bool = {
        ProcessInfo.processInfo.environment["NO_COLOR"] == nil && isatty(STDOUT_FILENO) != 0
    }()

    /// Prints text for people; whatever data it holds is escaped for the terminal (our own colours pass).
    func print(_ text: String) { Swift.print(TerminalText.escape(text, allowingOwnStyles: Self.colourEnabled)) }

    func printJSON<T: Encodable>(_ value: T) {
        let encoder = ServiceJSON.encoder()
        let data = (try? encoder.encode(value)) ?? Data("null".utf8)
        Swift.print(String(decoding: data, as: UTF8.self))
    }

    static func error(_ text: String) {
        let text = TerminalText.escape(text, allowingOwnStyles: false)
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}

/// ANSI styling that disappears when colour is off.
enum Style {
    static func apply(_ code: String, _ text: String) -> String {
        Output.colourEnabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
    static func bold(_ s: String) -> String { apply("1", s) }
    static func dim(_ s: String) -> String { apply("2", s) }
    static func green(_ s: String) -> String { apply("32", s) }
    static func red(_ s: String) -> String { apply("31", s) }
    static func yellow(_ s: String) -> String { apply("33", s) }
    static func cyan(_ s: String) -> String { apply("36", s) }

    /// `[#######---]  70%`
    static func bar(_ percent: Int, width: Int = 20) -> String {
        let filled = max(0, min(width, percent * width / 100))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let colored = percent == 100 ? green(bar) : (percent == 0 ? dim(bar) : yellow(bar))
        let pct = String(percent)
        return "[\(colored)] " + String(repeating: " ", count: max(0, 3 - pct.count)) + pct + "%"
    }
}
