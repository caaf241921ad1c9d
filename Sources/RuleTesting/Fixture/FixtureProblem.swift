import PlanModel
import RulesReader

/// One thing wrong in a fixture file, located for an editor:
/// `Fixtures/ndis-core/x.yaml:12:5: expect.visibel: unknown key (did you mean 'visible'?)`.
/// The same shape as a Rules folder problem (file, line, column, path, message), so it is that type.
public typealias FixtureProblem = RulesFolderProblem

/// A fixture that can't be run, with every problem found in it.
public struct FixtureError: Error, Sendable, CustomStringConvertible {
    public var problems: [FixtureProblem]
    public init(problems: [FixtureProblem]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
