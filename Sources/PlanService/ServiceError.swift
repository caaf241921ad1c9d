/// Why a service operation did not happen. `refused` is the plan's life, a check or a rule saying no
/// (exit status 1); `badInput` is an unknown id, a malformed file or a wrong argument (exit status 2).
public struct ServiceError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case refused, badInput }
    public var kind: Kind
    public var reasons: [String]
    /// For a refused create-new form: field → message.
    public var fieldMessages: [String: String]

    public init(_ kind: Kind, _ reasons: [String], fieldMessages: [String: String] = [:]) {
        self.kind = kind; self.reasons = reasons; self.fieldMessages = fieldMessages
    }

    public static func refused(_ reasons: [String], fieldMessages: [String: String] = [:]) -> ServiceError {
        ServiceError(.refused, reasons, fieldMessages: fieldMessages)
    }
    public static func refused(_ reason: String) -> ServiceError { ServiceError(.refused, [reason]) }
    public static func badInput(_ reason: String) -> ServiceError { ServiceError(.badInput, [reason]) }
    public static func badInput(_ reasons: [String]) -> ServiceError { ServiceError(.badInput, reasons) }

    public var exitStatus: Int32 { kind == .refused ? 1 : 2 }
    public var description: String { reasons.joined(separator: "\n") }
}
