import Foundation

/// The PostgreSQL server the PostgreSQL workloads run against: `SUPPORTPLAN_BENCH_POSTGRES` when set, otherwise
/// a throwaway cluster that `scripts/test-postgres.sh` starts with fsync on (`PG_DURABLE=1`) in the scratch
/// folder, and stops (by its own pid) when the workload is done with it. Each use gets a schema of its own.
final class BenchPostgres {
    let server: String
    private var cluster: String?
    private let root: String

    init(_ context: BenchContext, name: String, progress: (String) -> Void) throws {
        root = context.root
        if let given = ProcessInfo.processInfo.environment["SUPPORTPLAN_BENCH_POSTGRES"], !given.isEmpty {
            server = given
            cluster = nil
            return
        }
        progress("start a PostgreSQL cluster")
        let folder = "\(context.scratch)/postgres-\(name)"
        setenv("PG_DURABLE", "1", 1)
        server = try Subprocess.check("/bin/bash", ["\(context.root)/scripts/test-postgres.sh", "start", folder]).stdout
            .split(separator: "\n").last.map(String.init) ?? ""
        cluster = folder
    }

    deinit { stop() }

    /// The server's URL with `schema=NAME` (created when first opened).
    func url(schema: String) -> String { server + (server.contains("?") ? "&" : "?") + "schema=\(schema)" }

    func stop() {
        guard let cluster else { return }
        self.cluster = nil
        _ = try? Subprocess.run("/bin/bash", ["\(root)/scripts/test-postgres.sh", "stop", cluster])
    }
}
