import PlanModel

/// The sentences every store refuses with, and the id arithmetic they share, so a user reads the same
/// words whichever store is open (the conformance suite holds every store to them).
package enum StoreRefusals {
    package static func duplicatePlan(_ id: String) -> StoreError {
        .constraint("A plan with id '\(id)' already exists")
    }

    package static func secondActivePlan(client: String, active: String?, plan: String) -> StoreError {
        .constraint("Client '\(client)' already has an active plan (\(active ?? "another plan")); \(plan) cannot be active too")
    }

    package static func secondReviewDraft(of previous: String?, draft: String?, plan: String) -> StoreError {
        .constraint("Plan \(previous ?? "?") already has a review draft (\(draft ?? "another draft")); \(plan) cannot be one too")
    }

    package static func missingClient(plan: String, client: String) -> StoreError {
        .notFound("Plan \(plan) is for client '\(client)', which does not exist")
    }

    package static func unpublishedTemplate(plan: String, template: String, version: Int) -> StoreError {
        .notFound("Plan \(plan) is made from version \(version) of template '\(template)', which has not been published")
    }

    package static func missingPreviousPlan(plan: String, previous: String) -> StoreError {
        .notFound("Plan \(plan) reviews plan '\(previous)', which does not exist")
    }

    package static func itemTwice(plan: String, item: InstanceRef) -> StoreError {
        .constraint("Plan \(plan) holds item '\(item)' twice")
    }

    package static func noPlan(_ id: String) -> StoreError { .notFound("No plan with id '\(id)'") }

    package static func staleRevision(plan: String, stored: Int, expected: Int) -> StoreError {
        .conflict("Plan \(plan) was changed by someone else (revision \(stored), expected \(expected)); reload and try again")
    }

    package static func revisionOverflow(plan: String, revision: Int) -> StoreError {
        .corrupt("Plan \(plan) has revision \(revision), past the largest a plan can have")
    }

    package static func recordOfMissingClient(record: String, client: String) -> StoreError {
        .notFound("Record '\(record)' belongs to client '\(client)', which does not exist")
    }

    package static func historyOfMissingPlan(_ plan: String) -> StoreError {
        .notFound("Cannot record history of plan '\(plan)', which does not exist")
    }

    package static func historyOfMissingClient(_ client: String) -> StoreError {
        .notFound("Cannot record history of client '\(client)', which does not exist")
    }

    package static func duplicateUser(_ name: String) -> StoreError { .constraint("A user named '\(name)' already exists") }

    package static func noUser(_ name: String) -> StoreError { .notFound("No user named '\(name)'") }

    package static func noToken(_ id: Int) -> StoreError { .notFound("No API token with id \(id)") }

    package static func tokenOfMissingUser(_ user: String) -> StoreError {
        .notFound("Cannot store an API token of user '\(user)', who does not exist")
    }

    package static func duplicateToken() -> StoreError { .constraint("An API token with this hash already exists") }

    package static func sessionOfMissingUser(_ user: String) -> StoreError {
        .notFound("Cannot store a session of user '\(user)', who does not exist")
    }

    package static func duplicateSession() -> StoreError { .constraint("A session with this hash already exists") }

    package static func seriesUsedUp(_ series: String) -> StoreError {
        .constraint("Every number of the id series '\(series)' up to \(DataLimits.idNumber) is used; no new id can be handed out")
    }

    /// The id of the `number`th plan: `SP-` and six digits (more when the number needs them).
    package static func planID(number: Int) -> String {
        let digits = String(number)
        return "SP-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// The number a series hands out after `last`; refuses once the series reached `DataLimits.idNumber`.
    package static func number(after last: Int64, series: String) throws -> Int {
        guard last < Int64(DataLimits.idNumber) else { throw seriesUsedUp(series) }
        return Int(max(1, last + 1))
    }

    /// `CC-00077` → (`CC`, 77); nil when the id does not end in `-` and digits. Throws when the digits
    /// name a number past `DataLimits.idNumber`: such an id would use up its series at once.
    package static func split(_ id: String) throws -> (prefix: String, number: Int)? {
        guard let dash = id.lastIndex(of: "-") else { return nil }
        let prefix = id[..<dash]
        let digits = id[id.index(after: dash)...]
        guard !prefix.isEmpty, !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        guard digits.count <= 18, let number = Int(digits), number <= DataLimits.idNumber else {
            throw StoreError.constraint("The id '\(id)' has a number past \(DataLimits.idNumber), the largest an id may use")
        }
        return (String(prefix), number)
    }

    /// The JSON text of field values, or a constraint error naming what they belong to.
    package static func encoded(_ values: FieldValues, _ what: @autoclosure () -> String) throws -> String {
        do { return try ValueJSON.encode(values) } catch {
            throw StoreError.constraint("Cannot store \(what()): \(error)")
        }
    }

    /// Field values read back from JSON text, or a corruption error naming what they belong to.
    package static func decoded(_ text: String, _ what: @autoclosure () -> String) throws -> FieldValues {
        do { return try ValueJSON.decodeValues(text) } catch {
            throw StoreError.corrupt("Cannot read \(what()): \(error)")
        }
    }

    /// A list of ids read back from JSON text, or a corruption error naming what it belongs to.
    package static func decodedList(_ text: String, _ what: @autoclosure () -> String) throws -> [String] {
        do { return try ValueJSON.decodeList(text) } catch {
            throw StoreError.corrupt("Cannot read \(what()): \(error)")
        }
    }
}
