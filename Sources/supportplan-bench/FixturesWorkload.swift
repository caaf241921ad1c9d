import Foundation
import RuleTesting

/// **fixtures**: 1,000 rule fixtures through `FixtureRunner` as `supportplan test` runs them (the Rules folder loaded
/// and each template's rules compiled once, then every fixture parsed, its plan built, steps run and expectations
/// checked). The fixtures are copies of the sample fixtures in `Fixtures/`, in turn. Beside parsing the same files only.
enum FixturesWorkload {
    static func run(_ context: BenchContext) throws -> ResultRow {
        let count = 1_000
        let folder = "\(context.scratch)/fixtures"
        let files = try generate(count: count, from: context.fixtures, into: folder)
        let rulesURL = URL(fileURLWithPath: context.rules)
        var passed = 0, total = 0
        let sample = try Harness.repeatMeasure(warmup: 1, repetitions: context.count(5, quick: 2)) {
            let start = Harness.wallSeconds()
            let runner = try FixtureRunner(rulesFolder: rulesURL, options: .init(baseDirectory: URL(fileURLWithPath: context.scratch)))
            let report = runner.run(paths: [URL(fileURLWithPath: folder)])
            let seconds = Harness.wallSeconds() - start
            passed = report.passed
            total = report.results.count
            return seconds
        }
        guard total == count else { throw Subprocess.Failure(description: "the runner found \(total) of \(count) fixtures") }

        let parseOnly = try Harness.repeatMeasure(warmup: 1, repetitions: context.count(5, quick: 2)) {
            let start = Harness.wallSeconds()
            let runner = try FixtureRunner(rulesFolder: rulesURL)
            for file in files { _ = try? runner.parser.parse(contentsOf: file, file: file.lastPathComponent) }
            return Harness.wallSeconds() - start
        }
        var row = ResultRow(workload: "fixtures (1,000)", unit: "s", higherIsBetter: false, sample: sample,
                            baseline: "parse the same fixtures only", baselineMedian: parseOnly.median)
        row.target = "≤ 3 s"
        row.met = row.median <= 3
        if passed != total { row.note = "\(total - passed) of \(total) fixtures did not pass (the sample fixtures as checked out)" }
        return row
    }

    /// Writes `count` copies of the fixtures under `source` (in sorted order, round robin) into `folder/<template>/`.
    static func generate(count: Int, from source: String, into folder: String) throws -> [URL] {
        let fm = FileManager.default
        var originals: [(template: String, name: String, text: String)] = []
        for template in try fm.contentsOfDirectory(atPath: source).sorted() {
            let dir = "\(source)/\(template)"
            guard let names = try? fm.contentsOfDirectory(atPath: dir) else { continue }
            for name in names.sorted() where name.hasSuffix(".yaml") {
                originals.append((template, name, try String(contentsOfFile: "\(dir)/\(name)", encoding: .utf8)))
            }
        }
        guard !originals.isEmpty else { throw Subprocess.Failure(description: "no fixtures in \(source)") }
        var files: [URL] = []
        for n in 0..<count {
            let original = originals[n % originals.count]
            let dir = "\(folder)/\(original.template)"
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let path = "\(dir)/\(String(format: "%04d", n))-\(original.name)"
            try original.text.write(toFile: path, atomically: false, encoding: .utf8)
            files.append(URL(fileURLWithPath: path))
        }
        return files
    }
}
