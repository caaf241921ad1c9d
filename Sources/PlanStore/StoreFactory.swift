import Foundation
import Logging

/// Opens the store a location names: today a SQLite file path. Every front
/// end opens its store here, so a new kind of store is added in one place.
public enum StoreFactory {
    public static func open(_ location: String, logger: Logger = Logger(label: "supportplan.store")) throws -> any PlanStore {
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            throw StoreError.io("This build of supportplan has no PostgreSQL store; give a SQLite file path")
        }
        logger.debug("opening SQLite store", metadata: ["path": "\(location)"])
        do {
            return try SQLitePlanStore(path: location)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.io("Can't open the database \(location): \(error)")
        }
    }
}
