import Foundation
import PlanModel
@testable import PlanStore

/// A fresh database file in its own temporary folder, removed when the fixture goes away.
final class StoreFixture: @unchecked Sendable {
    let folder: URL
    let path: String
    let store: SQLitePlanStore

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("planstore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("plans.sqlite").path
        store = try SQLitePlanStore(path: path)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Stores client `C-1` and version 1 of template `ndis-core`, which most plans need.
    func seed(clients: [String] = ["C-1"]) throws {
        try store.write { tx in
            for id in clients { try tx.upsert(Client(id: id, name: "Client \(id)")) }
            _ = try tx.publish(templateID: "ndis-core", manifest: "id: ndis-core\n", rulesSource: nil, libraries: [:],
                               now: "2025-01-01T09:00:00Z")
        }
    }
}

/// A plan of `client` from `ndis-core` version 1 with `items` open instances.
func samplePlan(_ id: String, client: String = "C-1", status: SupportPlan.Status = .draft, items: Int = 3) -> SupportPlan {
    SupportPlan(id: id, clientID: client, templateID: "ndis-core", templateVersion: 1, status: status,
                createdOn: "2025-01-02",
                instances: (1...max(1, items)).map { ItemInstance(key: "item_\($0)", values: ["n": .integer($0)]) })
}

/// Values of every kind, with texts that need escaping and numbers that look whole.
let everyKindOfValue: FieldValues = [
    "name": .text("Ada \"Nguyen\"\n\t\\ — 日本 👩🏽‍⚕️ \u{01}"),
    "empty": .text(""),
    "looks_numeric": .text("42"),
    "age": .integer(34),
    "big": .integer(Int.max),
    "negative": .integer(-7),
    "weight": .number(70.0),
    "tenth": .number(0.1),
    "tiny": .number(-1e-7),
    "huge": .number(1e300),
    "whole_big": .number(5e15),
    "consent": .boolean(true),
    "smoker": .boolean(false),
    "languages": .list(["English", "Tiếng Việt", "a,\"b\""]),
    "none": .list([]),
]

struct Boom: Error {}
