import Foundation
import Testing

/// Every `--format json` answer speaks one style: snake_case keys, and one shape per kind of answer
/// (an unset value is `null`, never a missing key), so scripts and the HTTP API read the same.
@Suite struct JSONShapeTests {
    static let commands: [[String]] = [
        ["client", "show", "C-0001"], ["client", "show", "C-0003"], ["client", "history", "C-0001"], ["record", "show", "CC-00001"],
        ["template", "list"], ["template", "show", "ndis-core"], ["plan", "list"], ["plan", "show", "SP-000002"],
        ["plan", "history", "SP-000002"], ["plan", "diff", "SP-000002"], ["plan", "explain", "SP-000002", "preferred_name"],
        ["item", "review", "SP-000002", "preferred_name", "--dry-run"],
    ]

    /// Keys that are not snake_case, by where they are (`.client.latestPlanID`). Data keys (field keys,
    /// ids) are lowercase or start with an uppercase letter, never camelCase.
    static func camelCaseKeys(_ value: Any, _ path: String = "") -> [String] {
        if let object = value as? [String: Any] {
            return object.flatMap { key, inner -> [String] in
                let camel = key.first?.isLowercase == true && key.contains { $0.isUppercase }
                return (camel ? [path + "." + key] : []) + camelCaseKeys(inner, path + "." + key)
            }
        }
        if let array = value as? [Any] { return array.flatMap { camelCaseKeys($0, path + "[]") } }
        return []
    }

    @Test(arguments: commands)
    func everyKeyIsSnakeCase(arguments: [String]) throws {
        let ws = try Workspace()
        let json = try ws.assertCommand(arguments + ["--format", "json"]).json()
        #expect(Self.camelCaseKeys(json) == [])
    }

    @Test func aClientWithoutPlansHasTheSameKeysAsOneWithPlans() throws {
        let ws = try Workspace()
        let withPlans = try #require(try ws.assertCommand(["client", "show", "C-0001", "--format", "json"]).jsonObject()["client"] as? [String: Any])
        let without = try #require(try ws.assertCommand(["client", "show", "C-0003", "--format", "json"]).jsonObject()["client"] as? [String: Any])
        #expect(Set(without.keys) == Set(withPlans.keys))
        #expect(without["latest_plan_id"] is NSNull)
        #expect(withPlans["latest_plan_id"] as? String == "SP-000001")
    }

    @Test func everyHistoryEventHasEveryKeyWithNullForUnset() throws {
        let ws = try Workspace()
        let plan = try #require(try ws.assertCommand(["plan", "history", "SP-000002", "--format", "json"]).json() as? [[String: Any]])
        let client = try #require(try ws.assertCommand(["client", "history", "C-0001", "--format", "json"]).json() as? [[String: Any]])
        for event in plan { #expect(Set(event.keys) == ["plan_id", "at", "user", "action", "target", "before", "after"], "\(event)") }
        for event in client { #expect(Set(event.keys) == ["client_id", "at", "user", "action", "target", "before", "after"], "\(event)") }
        // The demo's import creates Ada: her name had no value before.
        #expect(client.first?["before"] is NSNull)
    }

    @Test func everyDiffChangeHasEveryKey() throws {
        let ws = try Workspace()
        try ws.assertCommand(["item", "set", "SP-000002", "goals", "progress_notes=Catches the tram"])
        let body = try ws.assertCommand(["plan", "diff", "SP-000002", "--format", "json"]).jsonObject()
        let changes = try #require(body["changes"] as? [[String: Any]])
        #expect(!changes.isEmpty)
        for change in changes {
            #expect(Set(change.keys) == ["item", "change", "status", "values", "linked", "unlinked", "url"])
        }
    }

    @Test func anErrorIsTheSameShapeAsTheAPIs() throws {
        let ws = try Workspace()
        let result = try ws.run(["plan", "show", "SP-000009", "--format", "json"])
        #expect(result.status == 2)
        let body = try result.jsonObject()
        #expect(body["error"] as? String == "not_found")
        #expect(body["message"] as? String == "No plan with id 'SP-000009' (see `supportplan plan list`)")
        #expect(body["reasons"] as? [String] == ["No plan with id 'SP-000009' (see `supportplan plan list`)"])
        #expect(body["fields"] is NSNull)
    }
}
