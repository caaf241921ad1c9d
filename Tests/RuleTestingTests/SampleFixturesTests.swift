import Foundation
import Testing
@testable import RuleTesting

/// The repository's own `Fixtures/` against its own `Rules/`.
@Suite struct SampleFixturesTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var hasSamples: Bool {
        let fixtures = packageRoot.appendingPathComponent("Fixtures")
        let files = FileManager.default.enumerator(atPath: fixtures.path)?.allObjects as? [String] ?? []
        return files.contains { $0.hasSuffix(".yaml") }
    }

    @Test(.enabled(if: hasSamples)) func everySampleFixturePasses() throws {
        let runner = try FixtureRunner(rulesFolder: Self.packageRoot.appendingPathComponent("Rules"),
                                       options: .init(baseDirectory: Self.packageRoot))
        let report = runner.run(paths: [Self.packageRoot.appendingPathComponent("Fixtures")])
        #expect(report.status == .passed, "\(report.text)")
    }
}
