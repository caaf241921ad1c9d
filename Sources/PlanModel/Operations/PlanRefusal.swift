/// An operation the plan's life, a check or a rule does not allow, with reasons a person can act on.
public struct PlanRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    public var reasons: [String]
    /// For a create-new form: field key (or `_form`) → message.
    public var fieldMessages: [String: String]

    public init(_ reasons: [String], fieldMessages: [String: String] = [:]) {
        self.reasons = reasons; self.fieldMessages = fieldMessages
    }
    public init(_ reason: String) { self.init([reason]) }

    public var description: String { reasons.joined(separator: "\n") }
}
