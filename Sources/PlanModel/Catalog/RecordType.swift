/// A kind of client record (care contact, medication, …) of `record-types.yaml`.
public struct RecordType: Hashable, Sendable, Codable {
    public var key: String
    public var label: String
    public var prefix: String
    /// The fields an item's card shows for a linked record.
    public var display: [String]
    public var fields: [FieldDefinition]

    public init(key: String, label: String, prefix: String, display: [String], fields: [FieldDefinition]) {
        self.key = key; self.label = label; self.prefix = prefix; self.display = display; self.fields = fields
    }

    public func field(_ key: String) -> FieldDefinition? { fields.first { $0.key == key } }

    /// The id of the `number`th record of this type: the prefix and a five-digit number (`CC-00077`).
    public func recordID(number: Int) -> String {
        let digits = String(number)
        return "\(prefix)-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }

    /// The number in an id of this type, or nil when the id has another prefix, is not prefix and digits,
    /// or has a number outside 1...`DataLimits.idNumber`.
    public func number(inID id: String) -> Int? {
        guard id.hasPrefix(prefix + "-") else { return nil }
        let digits = id.utf8.dropFirst(prefix.utf8.count + 1)
        // At most 18 digits can't overflow `Int`; anything longer is past the limit anyway.
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ (0x30...0x39).contains($0) }),
              let number = Int(String(decoding: digits, as: UTF8.self)),
              (1...DataLimits.idNumber).contains(number) else { return nil }
        return number
    }

    /// Why `id` can't name a record of this type, or nil when it can: the prefix, `-` and a number from 1
    /// to `DataLimits.idNumber`.
    public func idProblem(_ id: String) -> String? {
        if number(inID: id) != nil { return nil }
        let digits = id.hasPrefix(prefix + "-") ? id.dropFirst(prefix.count + 1) : ""
        if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return "'\(id)' has a number outside 1 to \(DataLimits.idNumber), the numbers record ids may use"
        }
        return "'\(id)' must be \(prefix)- and a number for a \(label.lowercased())"
    }
}

/// Every record type of the organisation, including the two that always exist.
public struct RecordTypeCatalog: Hashable, Sendable, Codable {
    public private(set) var types: [RecordType]

    public init(types: [RecordType]) {
        var all = types
        for builtIn in RecordTypeCatalog.builtIns where !all.contains(where: { $0.key == builtIn.key }) {
            all.append(builtIn)
        }
        self.types = all
    }

    public subscript(key: String) -> RecordType? { types.first { $0.key == key } }

    public func type(forID id: String) -> RecordType? { types.first { $0.number(inID: id) != nil } }

    public static let goalAttainmentPlan = "goal_attainment_plan"
    public static let behaviourSupportPlan = "behaviour_support_plan"

    /// `goal_attainment_plan` and `behaviour_support_plan` exist unless `record-types.yaml` redefines them.
    public static let builtIns: [RecordType] = [
        RecordType(key: goalAttainmentPlan, label: "Goal attainment plan", prefix: "GAP", display: ["title"],
                   fields: [FieldDefinition(key: "title", label: "Title", type: .text, required: true)]),
        RecordType(key: behaviourSupportPlan, label: "Behaviour support plan", prefix: "BSP", display: ["title"],
                   fields: [FieldDefinition(key: "title", label: "Title", type: .text, required: true)]),
    ]
}
