/// The address of one item instance in a plan: `key` (instance 1) or `key#N`.
public struct InstanceRef: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var key: String
    public var instance: Int

    public init(_ key: String, _ instance: Int = 1) { self.key = key; self.instance = instance }

    /// Parses `key` or `key#N`; nil when N is not a positive whole number.
    public init?(parsing text: String) {
        let parts = text.split(separator: "#", omittingEmptySubsequences: false)
        guard !parts[0].isEmpty, parts.count <= 2 else { return nil }
        if parts.count == 2 {
            guard let n = Int(parts[1]), n >= 1 else { return nil }
            self.init(String(parts[0]), n)
        } else {
            self.init(String(parts[0]))
        }
    }

    public var description: String { instance == 1 ? key : "\(key)#\(instance)" }

    public static func < (a: InstanceRef, b: InstanceRef) -> Bool { (a.key, a.instance) < (b.key, b.instance) }
}
