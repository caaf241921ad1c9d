/// A store operation that could not be done, with a sentence naming the thing it concerns.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is; new kinds may be added.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable { case notFound, conflict, constraint, corrupt, io }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The thing asked for does not exist.
        public static let notFound = Kind(.notFound)
        /// Someone else changed the thing since it was read (a stale revision).
        public static let conflict = Kind(.conflict)
        /// The change would break a rule the database enforces (one active plan per client, …).
        public static let constraint = Kind(.constraint)
        /// Stored content could not be read back.
        public static let corrupt = Kind(.corrupt)
        /// The database file could not be opened, read or written.
        public static let io = Kind(.io)

        public var description: String { base.rawValue }
    }

    public var kind: Kind
    /// One sentence a user can act on: `No client with id 'C-9'`.
    public var description: String

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind; self.description = description
    }

    package static func notFound(_ description: String) -> StoreError { StoreError(.notFound, description) }
    package static func conflict(_ description: String) -> StoreError { StoreError(.conflict, description) }
    package static func constraint(_ description: String) -> StoreError { StoreError(.constraint, description) }
    package static func corrupt(_ description: String) -> StoreError { StoreError(.corrupt, description) }
    package static func io(_ description: String) -> StoreError { StoreError(.io, description) }
}
