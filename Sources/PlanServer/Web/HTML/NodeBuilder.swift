/// Builds the children of an element from statements: nodes, strings (as text), `if`, `switch` and `for`.
@resultBuilder
public enum NodeBuilder {
    public static func buildExpression(_ node: Node) -> [Node] { [node] }
    public static func buildExpression(_ text: String) -> [Node] { [.text(text)] }
    public static func buildExpression(_ nodes: [Node]) -> [Node] { nodes }
    public static func buildBlock(_ parts: [Node]...) -> [Node] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [Node]?) -> [Node] { part ?? [] }
    public static func buildEither(first: [Node]) -> [Node] { first }
    public static func buildEither(second: [Node]) -> [Node] { second }
    public static func buildArray(_ parts: [[Node]]) -> [Node] { parts.flatMap { $0 } }
    public static func buildLimitedAvailability(_ part: [Node]) -> [Node] { part }
}

/// An element with attributes and children: `el("p", .class("hint")) { "text" }`.
public func el(_ name: String, _ attributes: Attribute..., @NodeBuilder content children: () -> [Node] = { [] }) -> Node {
    .element(name, attributes, children())
}

/// An element with attributes given as an array (for attributes decided at run time).
public func el(_ name: String, attributes: [Attribute], @NodeBuilder content children: () -> [Node] = { [] }) -> Node {
    .element(name, attributes, children())
}

/// A run of nodes without an element around them.
public func group(@NodeBuilder _ children: () -> [Node]) -> Node { .fragment(children()) }

extension Node {
    /// Adds attributes to an element (no effect on text or fragments).
    func adding(_ extra: [Attribute]) -> Node {
        guard case .element(let name, let attrs, let children) = self else { return self }
        return .element(name, attrs + extra, children)
    }
}
