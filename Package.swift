// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "supportplan",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "supportplan", targets: ["supportplan"]),
        .executable(name: "supportplan-bench", targets: ["supportplan-bench"]),
        .library(name: "LuaBridge", targets: ["LuaBridge"]),
        .library(name: "PlanModel", targets: ["PlanModel"]),
        .library(name: "RulesReader", targets: ["RulesReader"]),
        .library(name: "PlanRules", targets: ["PlanRules"]),
        .library(name: "PlanStore", targets: ["PlanStore"]),
        .library(name: "PlanStorePostgres", targets: ["PlanStorePostgres"]),
        .library(name: "PlanService", targets: ["PlanService"]),
        .library(name: "RuleTesting", targets: ["RuleTesting"]),
        .library(name: "PlanServer", targets: ["PlanServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // The load test's client (the server's tests pull it in through HummingbirdTesting anyway).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // Debian's liblua5.4-dev, seen through a module map and a shim for the C macros.
        .systemLibrary(name: "CLua", pkgConfig: "lua5.4", providers: [.apt(["liblua5.4-dev"])]),
        // C helpers that must run inside Lua's C world: the step-limited pattern matcher.
        .target(name: "CLuaGuard", dependencies: ["CLua"]),
        // The hardened Lua host. Knows nothing of plans.
        .target(name: "LuaBridge", dependencies: ["CLua", "CLuaGuard"], swiftSettings: hotPathSettings),
        // Templates, plans, life cycle and progress. No Lua, no database, no file formats.
        .target(name: "PlanModel", swiftSettings: hotPathSettings),
        // The Rules folder read and checked: YAML with file:line problems and did-you-mean, the
        // one reader used by the rules cache, lint, the fixture parser and `test`.
        // libyaml's declarations (Debian's libyaml-dev) for the fast composer; the code is Yams' bundled copy
        // (see Sources/CLibYAML/shim.h for why nothing is linked).
        .systemLibrary(name: "CLibYAML", providers: [.apt(["libyaml-dev"])]),
        .target(name: "RulesReader", dependencies: ["PlanModel", "Yams", "CLibYAML"]),
        // rules.lua bound to the model through the bridge.
        .target(name: "PlanRules", dependencies: ["PlanModel", "LuaBridge"], swiftSettings: hotPathSettings),
        // Persistence behind a protocol; SQLite through GRDB first.
        .target(name: "PlanStore", dependencies: ["PlanModel", .product(name: "GRDB", package: "GRDB.swift"),
                                                 .product(name: "Logging", package: "swift-log")]),
        // The same store on a PostgreSQL server, for shared many-user deployments; only programs that open it link it.
        .target(name: "PlanStorePostgres", dependencies: ["PlanModel", "PlanStore",
                                                         .product(name: "PostgresNIO", package: "postgres-nio"),
                                                         .product(name: "Logging", package: "swift-log")]),
        // Every operation a coordinator, integrator or HTTP API performs, as a library.
        // Passwords are hashed with bcrypt (hummingbird-auth's, which needs nothing of the server) and
        // API tokens with SHA-256 (swift-crypto).
        .target(name: "PlanService", dependencies: ["PlanModel", "RulesReader", "PlanRules", "PlanStore", .product(name: "Logging", package: "swift-log"),
                                                   .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                                                   .product(name: "Crypto", package: "swift-crypto")]),
        // Rule fixtures, coverage, JUnit and lint for QA and implementers.
        .target(name: "RuleTesting", dependencies: ["PlanModel", "RulesReader", "PlanRules", "Yams"]),
        // The HTTP API (and, beside it, the web page) over the service: Hummingbird 2.
        .target(name: "PlanServer", dependencies: ["PlanModel", "PlanService", "PlanStore",
                                                  .product(name: "Hummingbird", package: "hummingbird"),
                                                  .product(name: "Crypto", package: "swift-crypto"),
                                                  .product(name: "NIOCore", package: "swift-nio"),
                                                  .product(name: "NIOPosix", package: "swift-nio"),
                                                  .product(name: "Logging", package: "swift-log")],
                resources: [.copy("Resources/openapi.json")]),
        .executableTarget(
            name: "supportplan",
            dependencies: ["PlanModel", "RulesReader", "PlanRules", "PlanStore", "PlanStorePostgres", "PlanService", "PlanServer", "RuleTesting",
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                           .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(name: "supportplan-bench", dependencies: ["LuaBridge", "PlanModel", "RulesReader", "PlanRules", "PlanStore", "PlanStorePostgres", "PlanService", "RuleTesting",
                                                                 .product(name: "AsyncHTTPClient", package: "async-http-client"),
                                                                 .product(name: "NIOCore", package: "swift-nio")],
                          // Its hook workload's ctx sources stand in for PlanRules' and are built as those are.
                          swiftSettings: hotPathSettings),
        .testTarget(name: "LuaBridgeTests", dependencies: ["LuaBridge", "CLua"]),
        .testTarget(name: "PlanModelTests", dependencies: ["PlanModel"]),
        .testTarget(name: "RulesReaderTests", dependencies: ["RulesReader", "PlanModel", "Yams"]),
        .testTarget(name: "PlanRulesTests", dependencies: ["PlanModel", "PlanRules"]),
        .testTarget(name: "PlanStoreTests", dependencies: ["PlanModel", "PlanStore", "PlanStorePostgres",
                                                          .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "PlanServiceTests", dependencies: ["PlanService", "PlanModel", "RulesReader", "PlanStore", "PlanRules"]),
        .testTarget(name: "RuleTestingTests", dependencies: ["RuleTesting"]),
        // Runs the built `supportplan` binary, so it depends on the executable.
        .testTarget(name: "SupportPlanCLITests", dependencies: ["supportplan", "PlanModel", "PlanStore", "PlanStorePostgres", "PlanService",
                                                                .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "PlanServerTests", dependencies: ["PlanServer", "PlanService", "PlanModel", "PlanStore",
                                                            .product(name: "HummingbirdTesting", package: "hummingbird")]),
    ],
    swiftLanguageModes: [.v6]
)

// The evaluation's hot path (the bridge, ctx and the model's evaluator) without Swift's run-time exclusivity
// checks in release builds: every write to a class's property paid for one (begin/end access, a thread-local
// access set); without them the benchmark's plan ran 10 % faster and its hook 20 % (alternating runs). Debug
// builds, which the test suite runs, keep every check, so a conflicting access still traps there.
var hotPathSettings: [SwiftSetting] { [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))] }
