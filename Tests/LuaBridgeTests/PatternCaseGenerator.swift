/// Generates string-matching calls from a fixed seed: subjects over bytes that each class tells
/// apart, and patterns built from every pattern item Lua 5.4 has — then some of them broken.
struct PatternCaseGenerator {
    private var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    /// Bytes subjects are made of: letters, digits, punctuation (pattern specials among them),
    /// spaces, controls, NUL and high bytes.
    static let subjectBytes: [UInt8] = Array("aabbcxyzAZB0019 _-.,()[]%^$'".utf8) + [0, 0, 1, 9, 10, 127, 128, 200, 255]
    static let classLetters: [UInt8] = Array("acdglpsuwxzACDGLPSUWXZ".utf8)
    /// Characters that are literal in a pattern wherever they stand.
    static let plainBytes: [UInt8] = Array("abcxyzAZ019 _,'".utf8) + [0, 1, 10, 200, 255]
    static let escapedPunctuation: [UInt8] = Array(".%-()[]^$*+?'".utf8)
    static let balancePairs: [[UInt8]] = [Array("()".utf8), Array("[]".utf8), Array("ab".utf8), Array("''".utf8), Array("%%".utf8)]
    /// Pieces that break a pattern, inserted at a random place.
    static let breakers: [[UInt8]] = ["[", "[^", "[%", "%", "(", ")", "%b", "%bx", "%f", "%fa", "%1", "%9", "%0", "())"].map { Array($0.utf8) }
    static let replacementPieces: [[UInt8]] = ["x", "%0", "%1", "%2", "%3", "%9", "%%", "-", "%", "%a", "<>", "", "\0"].map { Array($0.utf8) }

    mutating func next() -> PatternCase {
        let subject = makeSubject()
        var pattern = makePattern()
        let roll = int(100)
        if roll < 12 { breakPattern(&pattern) }
        switch int(100) {
        case 0..<30:
            return PatternCase(operation: .find, subject: subject, pattern: pattern, start: maybeStart(), plain: int(10) == 0)
        case 30..<52:
            return PatternCase(operation: .match, subject: subject, pattern: pattern, start: maybeStart())
        case 52..<70:
            return PatternCase(operation: .gmatch, subject: subject, pattern: pattern, start: int(4) == 0 ? maybeStart() : nil)
        default:
            return PatternCase(
                operation: .gsub, subject: subject, pattern: pattern, replacement: makeReplacement(),
                maxReplacements: int(5) == 0 ? int(4) - 1 : nil)
        }
    }

    // MARK: - Pieces

    private mutating func makeSubject() -> [UInt8] {
        (0..<int(13)).map { _ in int(30) == 0 ? UInt8(int(256)) : pick(PatternCaseGenerator.subjectBytes) }
    }

    private mutating func makePattern() -> [UInt8] {
        var quantifiers = 0
        var captures = 0
        var closed: [Int] = []
        var pattern: [UInt8] = int(4) == 0 ? [UInt8(ascii: "^")] : []
        pattern += sequence(items: 1 + int(5), depth: 0, quantifiers: &quantifiers, captures: &captures, closed: &closed)
        if int(5) == 0 { pattern.append(UInt8(ascii: "$")) }
        return pattern
    }

    /// `captures` counts the captures opened so far (their numbers), `closed` the numbers of those
    /// closed, which a back-reference may name.
    private mutating func sequence(
        items: Int, depth: Int, quantifiers: inout Int, captures: inout Int, closed: inout [Int]
    ) -> [UInt8] {
        var out: [UInt8] = []
        for _ in 0..<items {
            switch int(100) {
            case 0..<55:
                out += atom()
                // At most three quantified items keep stock Lua's backtracking (and the test) fast.
                if quantifiers < 3, int(5) < 2 {
                    out.append(pick(Array("*+-?".utf8)))
                    quantifiers += 1
                }
            case 55..<65:
                if depth < 2, captures < 4 {
                    captures += 1
                    let number = captures
                    out.append(UInt8(ascii: "("))
                    out += sequence(
                        items: 1 + int(3), depth: depth + 1, quantifiers: &quantifiers, captures: &captures, closed: &closed)
                    out.append(UInt8(ascii: ")"))
                    closed.append(number)
                } else {
                    out += atom()
                }
            case 65..<71:
                out += Array("()".utf8)
                captures += 1
                closed.append(captures)
            case 71..<79:
                out += Array("%f".utf8) + set()
            case 79..<85:
                out += Array("%b".utf8) + pick(PatternCaseGenerator.balancePairs)
            case 85..<93:
                // A back-reference: mostly to a closed capture, sometimes to one open or missing.
                if closed.isEmpty, int(6) > 0 {
                    out += atom()
                } else {
                    let number = !closed.isEmpty && int(5) > 0 ? pick(closed) : 1 + int(3)
                    out += [UInt8(ascii: "%"), UInt8(ascii: "0") + UInt8(number)]
                }
            case 93..<96:
                out.append(pick(Array("$^".utf8)))  // literal away from the pattern's ends
            default:
                out += Array("()".utf8) + atom() + [UInt8(ascii: "*")] + Array("()".utf8)
                captures += 2
                closed += [captures - 1, captures]
            }
        }
        return out
    }

    /// One single-character class: a literal, `.`, `%x`, an escaped punctuation mark or a set.
    private mutating func atom() -> [UInt8] {
        switch int(100) {
        case 0..<30: return [pick(PatternCaseGenerator.plainBytes)]
        case 30..<40: return [UInt8(ascii: ".")]
        case 40..<70: return [UInt8(ascii: "%"), pick(PatternCaseGenerator.classLetters)]
        case 70..<78: return [UInt8(ascii: "%"), pick(PatternCaseGenerator.escapedPunctuation)]
        default: return set()
        }
    }

    /// `[...]` with optional `^`, single characters, ranges (empty and reversed ones too), classes,
    /// escapes, and `]` or `-` where they are literal.
    private mutating func set() -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        if int(3) == 0 { out.append(UInt8(ascii: "^")) }
        if int(8) == 0 { out.append(UInt8(ascii: "]")) }
        for _ in 0..<(1 + int(4)) {
            switch int(100) {
            case 0..<30: out.append(pick(PatternCaseGenerator.plainBytes + Array(".(^$[".utf8)))
            case 30..<50:
                let ranges = ["a-c", "0-5", "A-Z", "\u{1}-\u{7F}", "z-a", "a-a", " -/"].map { Array($0.utf8) }
                    + [[1, UInt8(ascii: "-"), 255], [128, UInt8(ascii: "-"), 255]]
                out += pick(ranges)
            case 50..<85: out += [UInt8(ascii: "%"), pick(PatternCaseGenerator.classLetters)]
            case 85..<93: out += [UInt8(ascii: "%"), pick(PatternCaseGenerator.escapedPunctuation)]
            default: out.append(UInt8(ascii: "-"))
            }
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    private mutating func breakPattern(_ pattern: inout [UInt8]) {
        if int(2) == 0, pattern.count > 1 {
            pattern.removeLast(1 + int(pattern.count - 1))
        } else {
            pattern.insert(contentsOf: pick(PatternCaseGenerator.breakers), at: int(pattern.count + 1))
        }
    }

    private mutating func makeReplacement() -> PatternCase.Replacement {
        switch int(100) {
        case 0..<50: return .string((0..<(1 + int(4))).flatMap { _ in pick(PatternCaseGenerator.replacementPieces) })
        case 50..<55: return .integer(int(100) - 10)
        case 55..<72: return .named("t")
        case 72..<92: return .named("f")
        case 92..<96: return .named("tbad")
        default: return .named("fbad")
        }
    }

    private mutating func maybeStart() -> Int? {
        int(3) == 0 ? pick([0, 1, 2, 3, -1, -2, -5, 6, 13, 14, 100, -100]) : nil
    }

    // MARK: - Randomness

    private mutating func int(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
    private mutating func pick<T>(_ options: [T]) -> T { options[int(options.count)] }
}

/// A small, fast, seedable generator (SplitMix64), so every run tests the same cases.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
