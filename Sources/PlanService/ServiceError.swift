/// Why a service operation did not happen, as data every front end can render: a kind (which each
/// front end maps to its own outcome, in one place), the reasons as sentences a user can
/// act on, per-field messages for a refused form, and a `topic` naming what the error is about so a
/// front end can add its own hint (which command lists plans) without parsing the sentence.
public struct ServiceError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of failure this is. A struct around a private enum so kinds can grow.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case badInput = "bad_input", unauthenticated, forbidden, notFound = "not_found", refused, conflict
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A malformed file or value, a wrong argument.
        public static let badInput = Kind(.badInput)
        /// No acting user could be established (no token, an expired session).
        public static let unauthenticated = Kind(.unauthenticated)
        /// The acting user's role may not take this action.
        public static let forbidden = Kind(.forbidden)
        /// An id that names nothing.
        public static let notFound = Kind(.notFound)
        /// A check, a rule or the plan's life says no.
        public static let refused = Kind(.refused)
        /// Someone else changed the thing since the caller read it (a stale revision).
        public static let conflict = Kind(.conflict)

        /// `bad_input`, `not_found`, …: the name front ends show and match on.
        public var description: String { base.rawValue }
    }

    /// What an error is about, so front ends can attach their own hint. Open for growth.
    public struct Topic: Hashable, Sendable, CustomStringConvertible {
        public let description: String
        public init(_ name: String) { description = name }

        public static let plan = Topic("plan")
        public static let client = Topic("client")
        public static let record = Topic("record")
        public static let template = Topic("template")
        public static let unpublishedTemplate = Topic("unpublished_template")
        public static let goalPlan = Topic("goal_plan")
        public static let behaviourPlan = Topic("behaviour_plan")
        public static let comparedPlan = Topic("compared_plan")
        public static let rulesFolder = Topic("rules_folder")
        public static let database = Topic("database")
        public static let user = Topic("user")
    }

    public var kind: Kind
    public var reasons: [String]
    /// For a refused create-new form or record edit: field → message.
    public var fieldMessages: [String: String]
    public var topic: Topic?
    /// The id the error is about, when it is about one (`SP-000009`).
    public var subject: String?

    public init(_ kind: Kind, _ reasons: [String], fieldMessages: [String: String] = [:], topic: Topic? = nil, subject: String? = nil) {
        self.kind = kind; self.reasons = reasons; self.fieldMessages = fieldMessages; self.topic = topic; self.subject = subject
    }

    public static func refused(_ reasons: [String], fieldMessages: [String: String] = [:]) -> ServiceError {
        ServiceError(.refused, reasons, fieldMessages: fieldMessages)
    }
    public static func refused(_ reason: String) -> ServiceError { ServiceError(.refused, [reason]) }
    public static func badInput(_ reason: String, topic: Topic? = nil) -> ServiceError { ServiceError(.badInput, [reason], topic: topic) }
    public static func badInput(_ reasons: [String]) -> ServiceError { ServiceError(.badInput, reasons) }
    public static func conflict(_ reason: String) -> ServiceError { ServiceError(.conflict, [reason]) }
    public static func forbidden(_ reason: String) -> ServiceError { ServiceError(.forbidden, [reason]) }

    /// `No plan with id 'SP-9'`: an id that names nothing of its kind.
    public static func notFound(_ what: String, _ id: String, topic: Topic) -> ServiceError {
        ServiceError(.notFound, ["No \(what) with id '\(id)'"], topic: topic, subject: id)
    }

    /// One sentence summing the error up: the only reason, or how many there are.
    public var message: String {
        if reasons.count == 1 { return reasons[0] }
        switch kind {
        case .refused: return "Refused for \(reasons.count) reasons"
        default: return "\(reasons.count) problems"
        }
    }

    public var description: String { reasons.joined(separator: "\n") }
}
