/// The exact text formats of docs/writing-rules.md, shared by the built-in checks and the Lua `sp` helpers.
public enum ValueFormat {
    /// A calendar date written `YYYY-MM-DD`, or nil when the text is not a real date.
    public static func date(_ text: String) -> CalendarDate? { CalendarDate(text) }

    /// `local@domain.tld`, no spaces.
    public static func isEmail(_ text: String) -> Bool {
        guard !hasWhitespace(text) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return false }
        let domain = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return domain.count >= 2 && domain.allSatisfy { !$0.isEmpty }
    }

    /// Optional leading `+`, then digits, spaces, `-`, `(`, `)`, with 8 to 15 digits.
    public static func isPhone(_ text: String) -> Bool {
        var rest = Substring(text)
        if rest.first == "+" { rest = rest.dropFirst() }
        var digits = 0
        for ch in rest {
            if ch.isASCII && ch.isNumber { digits += 1 } else if !" -()".contains(ch) { return false }
        }
        return (8...15).contains(digits)
    }

    /// Whether any character of `text` is whitespace. ASCII text is judged by its bytes (tab, line feed, vertical tab,
    /// form feed, carriage return, space: the ASCII characters `Character.isWhitespace` accepts) rather than
    /// character by character through Unicode's tables; other text as before.
    static func hasWhitespace(_ text: String) -> Bool {
        var ascii = true
        for byte in text.utf8 {
            if byte >= 0x80 { ascii = false; break }
            if byte == 0x20 || (0x09...0x0D).contains(byte) { return true }
        }
        return ascii ? false : text.contains(where: { $0.isWhitespace })
    }

    /// `http://` or `https://`, something after it, and no spaces.
    public static func isURL(_ text: String) -> Bool {
        guard !hasWhitespace(text) else { return false }
        let lower = text.lowercased()
        for scheme in ["http://", "https://"] where lower.hasPrefix(scheme) {
            return text.count > scheme.count
        }
        return false
    }
}

/// A day in the proleptic Gregorian calendar, without time or zone.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CalendarDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(_ text: String) {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var n = 0
            for i in r { guard (48...57).contains(u[i]) else { return nil }; n = n * 10 + Int(u[i] - 48) }
            return n
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (civil-from-days inverse, Howard Hinnant's algorithm).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    public func days(to other: CalendarDate) -> Int { other.dayNumber - dayNumber }

    /// Whole years of age on `on`; a 29 February birthday turns over on 1 March in common years.
    public func age(on: CalendarDate) -> Int {
        var years = on.year - year
        if (on.month, on.day) < (month, day) { years -= 1 }
        return years
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { a.dayNumber < b.dayNumber }

    public var description: String {
        func pad(_ n: Int, _ w: Int) -> String { let s = String(n); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}
