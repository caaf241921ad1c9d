import Foundation
import Logging

/// Opens the store a location names: a SQLite file path, `memory:`, or a PostgreSQL URL. Every front end opens its store here, so a new kind of store is added in one place.
///
/// The PostgreSQL store lives in its own module (`PlanStorePostgres`) so that only the programs that
/// can reach a server link it; they pass its opener as `postgres` (`PostgresPlanStore.opener`).
public enum StoreFactory {
    /// Opens a store on a server from its URL.
    public typealias ServerOpener = @Sendable (_ url: String, _ logger: Logger) throws -> any PlanStore

    public static func open(_ location: String, postgres: ServerOpener? = nil,
                            logger: Logger = Logger(label: "supportplan.store")) throws -> any PlanStore {
        switch StoreLocation(location) {
        case .memory:
            logger.debug("opening a store in memory")
            return MemoryPlanStore()
        case .postgres(let url):
            guard let postgres else {
                throw StoreError.io("This program has no PostgreSQL store; give a SQLite file path")
            }
            logger.debug("opening PostgreSQL store")
            return try postgres(url, logger)
        case .file(let path):
            logger.debug("opening SQLite store", metadata: ["path": "\(path)"])
            do {
                return try SQLitePlanStore(path: path)
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError.io("Can't open the database \(path): \(error)")
            }
        }
    }
}
