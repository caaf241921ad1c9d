/// The address of one item instance in a plan: `key` (instance 1) or `key#N`.
public struct InstanceRef: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var key: String
    public var instance: Int

    public init(_ key: String, _ instance: Int = 1) { self.key = key; self.instance = instance }

    /// Parses `key` or `key#N`; nil when N is not a whole number from 1 to `DataLimits.instancesPerItem`.
    public init?(parsing text: String) {
        // Most refs are a bare key: no split (an array and two substrings) for those, as fixtures name each item.
        if !text.utf8.contains(UInt8(ascii: "#")) {
            guard !text.isEmpty else { return nil }
            self.init(text)
            return
        }
        let parts = text.split(separator: "#", omittingEmptySubsequences: false)
        guard !parts[0].isEmpty, parts.count <= 2 else { return nil }
        if parts.count == 2 {
            guard parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(parts[1]),
                  (1...DataLimits.instancesPerItem).contains(n) else { return nil }
            self.init(String(parts[0]), n)
        } else {
            self.init(String(parts[0]))
        }
    }

    public var description: String { instance == 1 ? key : "\(key)#\(instance)" }

    public static func < (a: InstanceRef, b: InstanceRef) -> Bool { (a.key, a.instance) < (b.key, b.instance) }
}
