import Foundation

/// The one JSON style of every front end: snake_case keys, sorted, slashes unescaped.
///
/// Types name their keys in snake_case; the key strategy below is a net for any camelCase property
/// name that slips through. It converts only keys shaped like a Swift property (`planID`,
/// `latestVersion`), never data keys: field and item keys are lowercase by the Rules folder's rules,
/// and ids (`SP-000001`) do not start lowercase.
public enum ServiceJSON {
    public static func encoder(pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .custom { path in
            let key = path.last!
            return SnakeKey(snakeCase(key.stringValue), intValue: key.intValue)
        }
        return encoder
    }

    /// The compact encoder for a plan evaluation (`PlanEvaluation`), the body of every plan read: the same
    /// bytes as `encoder(pretty: false)` without the key strategy, which asks the encoder for each key's
    /// coding path and was more than half the encoding's time. It gives the same bytes because the
    /// strategy changes only keys with a capital letter, and an evaluation has none: its types name
    /// every key in snake_case and encode every key (null where unset), and its only data keys are
    /// field keys, `[a-z][a-z0-9_]*` by the Rules folder's rules. `EvaluationCacheTests` compares the two.
    public static func evaluationEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// `latestPlanID` → `latest_plan_id`; anything not shaped like a camelCase identifier is kept.
    public static func snakeCase(_ key: String) -> String {
        guard let first = key.unicodeScalars.first, ("a"..."z").contains(first),
              key.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }),
              key.unicodeScalars.contains(where: { ("A"..."Z").contains($0) }) else { return key }
        var out = ""
        var previousUpper = false
        for scalar in key.unicodeScalars {
            let upper = ("A"..."Z").contains(scalar)
            if upper && !previousUpper { out += "_" }
            out += String(scalar).lowercased()
            previousUpper = upper
        }
        return out
    }

    struct SnakeKey: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(_ string: String, intValue: Int?) { stringValue = string; self.intValue = intValue }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { stringValue = String(intValue); self.intValue = intValue }
    }
}
