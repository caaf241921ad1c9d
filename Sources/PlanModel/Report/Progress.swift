/// Done and total visible instances; percent rounded down, and 100 when nothing is visible.
public struct Progress: Hashable, Sendable, Codable {
    public var done: Int
    public var total: Int
    public var percent: Int { total == 0 ? 100 : done * 100 / total }

    public init(done: Int = 0, total: Int = 0) { self.done = done; self.total = total }

    enum CodingKeys: String, CodingKey { case done, total, percent }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(done, forKey: .done); try c.encode(total, forKey: .total); try c.encode(percent, forKey: .percent)
    }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        done = try c.decode(Int.self, forKey: .done); total = try c.decode(Int.self, forKey: .total)
    }
}
