/// SplitMix64: a small generator whose sequence is fixed by its seed on every platform and Swift version, so the
/// synthetic clients are the same in every run. (The standard library's `random(in:using:)` may change how it
/// draws from a generator between releases; these draws are spelled out here instead.)
struct SeededGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0 ..< n (the modulo bias is negligible for the small n used here).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// `lower ... upper`.
    mutating func int(_ lower: Int, _ upper: Int) -> Int { lower + below(upper - lower + 1) }

    /// True `percent` times in 100.
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func pick<T>(_ options: [T]) -> T { options[below(options.count)] }

    /// `count` decimal digits, leading zeros kept.
    mutating func digits(_ count: Int) -> String { String((0..<count).map { _ in Character(String(below(10))) }) }
}
