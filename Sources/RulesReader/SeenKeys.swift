/// A mapping's keys so far, for the duplicate check of both fast composers (`YAMLEventComposer`, `StrictYAMLComposer`):
/// the prints of its ASCII keys (`KeyPrint`), compared in place while the mapping is small and in a set once it is not;
/// or, from its first key that prints cannot tell apart (a key that is not ASCII, or an ASCII key whose print another
/// key has), every key's text in a set, as Swift compares texts (so as Yams does).
struct SeenKeys {
    var prints: Set<UInt64>?
    var texts: Set<String>?

    /// False when the mapping whose `pairs` so far have the prints `prints` already has a key equal to `key`, whose
    /// print is `print`.
    mutating func isNew(_ key: String, print: UInt64, among prints: ArraySlice<UInt64>, in pairs: [YAMLNode.Mapping.Pair]) -> Bool {
        if texts != nil { return texts!.insert(key).inserted }
        let printSeen: Bool
        if print == KeyPrint.unicode {
            printSeen = true
        } else if self.prints != nil {
            printSeen = !self.prints!.insert(print).inserted
        } else {
            printSeen = prints.contains(print)
            if prints.count >= 16 { self.prints = Set(prints); self.prints!.insert(print) }
        }
        guard printSeen else { return true }
        var texts = Set<String>(minimumCapacity: prints.count + 1)
        for pair in pairs {
            if case .scalar(let scalar) = pair.key { texts.insert(scalar.string) }
        }
        let inserted = texts.insert(key).inserted
        self.texts = texts
        return inserted
    }
}
