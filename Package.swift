// swift-tools-version:6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

// The modules and their arrows are drawn in docs/architecture.md.
let package = Package(
    name: "tthc",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tthc", targets: ["tthc"]),
        .executable(name: "tthc-bench", targets: ["tthc-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        // The PostgreSQL driver: libpq wrapped, domain-free.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(
            name: "Postgres",
            dependencies: [
                "CLibPQ",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // The embedded cluster: initdb and pg_ctl as the postgres user, configured by its caller.
        .target(
            name: "PostgresCluster",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),

        // Build tools that carry data files inside the binary.
        .executableTarget(name: "embed-files", path: "Plugins/EmbedFilesTool"),
        .plugin(name: "EmbedMigrations", capability: .buildTool(), dependencies: ["embed-files"]),
        .plugin(name: "EmbedFolders", capability: .buildTool(), dependencies: ["embed-files"]),
        .plugin(name: "EmbedRubrics", capability: .buildTool(), dependencies: ["embed-files"]),

        // The domain: pure rules and the repository protocols, Foundation only.
        .target(name: "CaseDomain", swiftSettings: strictSettings),
        // SQL only: the PostgreSQL repositories.
        .target(
            name: "CaseStore",
            dependencies: [
                "CaseDomain",
                "Postgres",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings,
            plugins: ["EmbedMigrations"]
        ),
        // The metrics projection, the worker service, rubrics and reports.
        .target(
            name: "CaseMetrics",
            dependencies: [
                "CaseDomain",
                "CaseStore",
                "Postgres",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings,
            plugins: ["EmbedRubrics"]
        ),
        // The JSON API and what every HTTP route shares (request context, errors, middleware).
        .target(
            name: "CaseAPI",
            dependencies: [
                "CaseDomain",
                "CaseMetrics",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings,
            plugins: ["EmbedFolders"]
        ),
        // The pages in Vietnamese.
        .target(
            name: "CaseWeb",
            dependencies: [
                "CaseAPI",
                "CaseDomain",
                "CaseMetrics",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strictSettings,
            plugins: ["EmbedFolders"]
        ),
        // The executable: configuration, commands, the application builder.
        .executableTarget(
            name: "tthc",
            dependencies: [
                "CaseAPI",
                "CaseWeb",
                "CaseMetrics",
                "CaseStore",
                "CaseDomain",
                "Postgres",
                "PostgresCluster",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // The benchmark's tools (bench/README.md): a private cluster and the seeded generator of a province's case log.
        .executableTarget(
            name: "tthc-bench",
            dependencies: [
                "CaseStore",
                "CaseDomain",
                "Postgres",
                "PostgresCluster",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "bench/Sources/tthc-bench",
            swiftSettings: strictSettings
        ),
        // Writes the migration of a newly announced calendar year (scripts/new-calendar-year, docs/calendar.md).
        .executableTarget(
            name: "calendar-migration",
            dependencies: ["CaseDomain"],
            path: "scripts/calendar-migration",
            swiftSettings: strictSettings
        ),

        // Tests: one target per module, and what they share.
        .target(
            name: "CaseTestSupport",
            dependencies: [
                "CaseDomain",
                "CaseMetrics",
                "CaseStore",
                "Postgres",
                "PostgresCluster",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/CaseTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "CaseTestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "PostgresClusterTests",
            dependencies: ["PostgresCluster", "Postgres", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "CaseDomainTests", dependencies: ["CaseDomain", "CaseTestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "CaseStoreTests",
            dependencies: ["CaseStore", "CaseDomain", "Postgres", "CaseTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CaseMetricsTests",
            dependencies: [
                "CaseMetrics", "CaseStore", "CaseDomain", "Postgres", "CaseTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CaseAPITests",
            dependencies: [
                "CaseAPI", "CaseWeb", "CaseMetrics", "CaseStore", "CaseDomain", "Postgres", "CaseTestSupport", "tthc",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CaseWebTests",
            dependencies: [
                "CaseWeb", "CaseAPI", "CaseMetrics", "CaseStore", "CaseDomain", "Postgres", "CaseTestSupport", "tthc",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "tthcTests",
            dependencies: [
                "tthc", "CaseAPI", "CaseWeb", "CaseMetrics", "CaseStore", "CaseDomain", "Postgres", "CaseTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
