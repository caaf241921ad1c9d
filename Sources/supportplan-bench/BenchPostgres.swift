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
        // Through the shell with output to files, not `Subprocess`: Foundation's `Process` never saw this script
        // exit (it starts the server through runuser and pg_ctl) and the benchmark hung.
        let status = system("PG_DURABLE=1 /bin/bash '\(context.root)/scripts/test-postgres.sh' start '\(folder)' > '\(folder).url' 2> '\(folder).log'")
        let said = (try? String(contentsOfFile: "\(folder).url", encoding: .utf8)) ?? ""
        guard status == 0, let url = said.split(separator: "\n").last, url.hasPrefix("postgres://") else {
            let log = (try? String(contentsOfFile: "\(folder).log", encoding: .utf8)) ?? ""
            throw Subprocess.Failure(description: "scripts/test-postgres.sh could not start a cluster (status \(status)): \(log.suffix(2000))")
        }
        server = String(url)
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
