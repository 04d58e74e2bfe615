// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "sauda",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sauda", targets: ["sauda"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        .target(name: "SaudaCore", swiftSettings: swiftSettings),
        .target(name: "SaudaStore", dependencies: [
            "SaudaCore",
            .product(name: "SQLiteNIO", package: "sqlite-nio"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], swiftSettings: swiftSettings),
        .target(name: "SaudaBus", dependencies: [
            "SaudaCore", "SaudaStore",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], swiftSettings: swiftSettings),
        .target(name: "SaudaModels", dependencies: [
            "SaudaCore",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ], swiftSettings: swiftSettings),
        .target(name: "SaudaSimulators", dependencies: [
            "SaudaModels",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
        ], swiftSettings: swiftSettings),
        .target(name: "SaudaKnowledge", dependencies: ["SaudaCore"], resources: [.copy("Samples")], swiftSettings: swiftSettings),
        .target(name: "SaudaAgent", dependencies: [
            "SaudaCore", "SaudaStore", "SaudaBus", "SaudaModels", "SaudaKnowledge",
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], resources: [.copy("Prompts")], swiftSettings: swiftSettings),
        .target(name: "SaudaChannels", dependencies: [
            "SaudaCore", "SaudaStore", "SaudaBus", "SaudaModels",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], swiftSettings: swiftSettings),
        .target(name: "SaudaServer", dependencies: [
            "SaudaCore", "SaudaStore", "SaudaBus", "SaudaModels", "SaudaKnowledge", "SaudaAgent", "SaudaChannels", "SaudaSimulators",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ], resources: [.copy("Public")], swiftSettings: swiftSettings),
        .executableTarget(name: "sauda", dependencies: [
            "SaudaServer", "SaudaCore", "SaudaStore", "SaudaSimulators",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ], swiftSettings: swiftSettings),
        .target(name: "SaudaTestSupport", dependencies: [
            "SaudaCore", "SaudaStore",
            .product(name: "Logging", package: "swift-log"),
        ], path: "Tests/SaudaTestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "SaudaCoreTests", dependencies: ["SaudaCore"], swiftSettings: swiftSettings),
        .testTarget(name: "SaudaStoreTests", dependencies: ["SaudaStore", "SaudaTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "SaudaBusTests", dependencies: ["SaudaBus", "SaudaTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "SaudaModelsTests", dependencies: [
            "SaudaModels", "SaudaSimulators",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ], swiftSettings: swiftSettings),
        .testTarget(name: "SaudaKnowledgeTests", dependencies: ["SaudaKnowledge"], swiftSettings: swiftSettings),
        .testTarget(name: "SaudaAgentTests", dependencies: ["SaudaAgent", "SaudaTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "SaudaChannelsTests", dependencies: ["SaudaChannels", "SaudaTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "SaudaServerTests", dependencies: [
            "SaudaServer", "SaudaTestSupport", "SaudaSimulators", "SaudaModels", "SaudaCore", "SaudaAgent",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ], swiftSettings: swiftSettings),
    ]
)
