import NIOCore
import PlanStore
import PostgresNIO

/// Turns what postgres-nio throws into store errors whose sentence says what happened and what to do.
enum PostgresErrors {
    /// True when the error means the connection itself failed (closed, reset, unreachable), not the statement.
    static func isConnectionLoss(_ error: any Error) -> Bool {
        if let error = error as? PSQLError {
            switch error.code {
            case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown, .poolClosed: return true
            case .server:
                // 57P01-57P03: the server is shutting down or restarting; 08xxx: connection exceptions.
                let state = error.serverInfo?[.sqlState] ?? ""
                return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
            default: return false
            }
        }
        return error is ConnectionClosed || error is ChannelError || error is IOError
    }

    /// The server's own sentence for an error, or a short description of a client-side one.
    static func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                return message + state
            }
            if let underlying = error.underlying { return "\(underlying)" }
            return "\(error.code)"
        }
        return "\(error)"
    }

    static func unreachable(_ location: PostgresLocation, _ error: any Error) -> StoreError {
        StoreError(.io, "Could not connect to the PostgreSQL server \(location.display): \(reason(error)); check that it is running and that the URL's user, password and database are right")
    }

    static func lostMidTransaction(_ location: PostgresLocation) -> StoreError {
        StoreError(.io, "The connection to the PostgreSQL server \(location.display) was lost in the middle of the change; nothing of it was stored; try again")
    }

    static func lostDuringCommit(_ location: PostgresLocation) -> StoreError {
        StoreError(.io, "The connection to the PostgreSQL server \(location.display) was lost while the change was being committed, so it may or may not have been stored; reload and check before trying again")
    }

    /// A statement the server refused, as a store error of the matching kind.
    static func translate(_ error: any Error, _ location: PostgresLocation) -> StoreError {
        if let error = error as? StoreError { return error }
        if isConnectionLoss(error) { return lostMidTransaction(location) }
        guard let psql = error as? PSQLError, let state = psql.serverInfo?[.sqlState] else {
            return StoreError(.io, "PostgreSQL error on \(location.display): \(reason(error))")
        }
        switch state {
        case "23505", "23503", "23514", "23502":
            return StoreError(.constraint, "The change breaks a rule of the database: \(reason(error))")
        case "40001", "40P01", "55P03":
            return StoreError(.conflict, "The database was busy with another writer; try again (\(reason(error)))")
        case "25006":
            return StoreError(.io, "The database is read-only; only reading commands can use it")
        case "22P05", "22021", "54000":
            return StoreError(.constraint, "PostgreSQL cannot store this text: \(reason(error))")
        default:
            return StoreError(.io, "PostgreSQL error on \(location.display): \(reason(error))")
        }
    }
}
