/// "Did you mean" hints for unknown keys, hooks and names, shared by every reader of files people write.
public enum Suggestion {
    /// ` (did you mean 'required'?)` for the closest known word within `limit` edits; with `listing`,
    /// ` (expected a, b or c)` when nothing is close; otherwise empty.
    public static func phrase(for word: String, among known: [String], listing: Bool = false, limit: Int = 2) -> String {
        if let best = closest(to: word, among: known, limit: limit) { return " (did you mean '\(best)'?)" }
        guard listing, !known.isEmpty else { return "" }
        return " (expected \(orList(known)))"
    }

    /// The known word fewest edits away, when within `limit`.
    public static func closest(to word: String, among known: [String], limit: Int = 2) -> String? {
        known.map { ($0, editDistance(word, $0)) }.filter { $0.1 <= limit }.min { $0.1 < $1.1 }?.0
    }

    /// `a, b or c`.
    public static func orList(_ words: [String]) -> String {
        guard words.count > 1 else { return words.first ?? "" }
        return words.dropLast().joined(separator: ", ") + " or " + words.last!
    }

    /// Levenshtein distance.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
