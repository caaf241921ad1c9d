/// What became of one fixture file.
public struct FixtureResult: Sendable {
    public enum Outcome: String, Sendable, Equatable {
        /// Every expectation held.
        case passed
        /// The plan differed from what the fixture expects (or its rules could not be loaded).
        case failed
        /// The file can't be run: bad YAML, an unknown key, item, record, template…
        case malformed
    }

    /// The file as people see it: `Fixtures/ndis-core/basic.yaml`.
    public var file: String
    /// nil when the file is malformed before its template is known.
    public var templateID: String?
    /// The file's name without `.yaml`.
    public var name: String
    public var outcome: Outcome
    public var differences: [FixtureDifference]
    /// Why a malformed fixture can't be run, each with file and line.
    public var problems: [FixtureProblem]
    /// What the rules printed, for a failing fixture: `items.communication.complete: text`.
    public var log: [String]
    public var seconds: Double

    public init(file: String, templateID: String?, name: String, outcome: Outcome, differences: [FixtureDifference] = [],
                problems: [FixtureProblem] = [], log: [String] = [], seconds: Double = 0) {
        self.file = file; self.templateID = templateID; self.name = name; self.outcome = outcome
        self.differences = differences; self.problems = problems; self.log = log; self.seconds = seconds
    }
}
