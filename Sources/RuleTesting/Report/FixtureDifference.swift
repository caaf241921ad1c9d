/// One way a fixture's plan differs from what it expects: `expect.progress.percent: expected 40, got 50`.
public struct FixtureDifference: Hashable, Sendable, CustomStringConvertible {
    /// `expect.complete.communication.messages`, `steps[2] (complete medications)`
    public var path: String
    /// `expected X, got Y`, or `refused: …` for an action refused unexpectedly.
    public var message: String

    public init(path: String, message: String) { self.path = path; self.message = message }

    public init(path: String, expected: String, got: String) {
        self.init(path: path, message: "expected \(expected), got \(got)")
    }

    public var description: String { "\(path): \(message)" }
}
