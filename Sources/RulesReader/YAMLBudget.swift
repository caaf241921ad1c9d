import PlanModel
import Yams

/// The size checks every YAML file people write goes through once it is composed, before it is read:
/// a bounded number of nodes (aliases count each time they are used, so an alias bomb stops here
/// instead of in every later walk) and texts of bounded length.
public enum YAMLBudget {
    /// The first thing over budget in a document: what, and where.
    public struct Excess: Sendable, Equatable {
        public var message: String
        public var line: Int?
        public var column: Int?
    }

    /// Walks the document once, giving up as soon as it has seen `DataLimits.yamlNodes` nodes.
    public static func excess(in root: Node) -> Excess? {
        var pending: [Node] = [root]
        var seen = 0
        while let node = pending.popLast() {
            seen += 1
            if seen > DataLimits.yamlNodes {
                return Excess(message: "the document has more than \(DataLimits.yamlNodes) values (counting each use of an alias); split it up",
                              line: root.mark?.line, column: root.mark?.column)
            }
            switch node {
            case .scalar(let scalar):
                let length = scalar.string.utf8.count
                if length > DataLimits.textBytes {
                    return Excess(message: "a text of \(length) bytes is longer than the \(DataLimits.textBytes) a text may have",
                                  line: node.mark?.line, column: node.mark?.column)
                }
            case .mapping(let mapping):
                for (key, value) in mapping { pending.append(key); pending.append(value) }
            case .sequence(let sequence):
                pending.append(contentsOf: sequence)
            case .alias:
                break
            }
        }
        return nil
    }
}
