// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "orchestrate",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "orchestrate", targets: ["orchestrate"]),
        .library(name: "Orchestrator", targets: ["Orchestrator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        // No traits: swift-configuration support would add a package to every build for nothing we use.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // SHA-256 from OpenSSL's libcrypto, which libcurl already brings: building swift-crypto's copy of
        // BoringSSL took more of a clean release build than any target of ours.
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(
            name: "ArtifactStore",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift"), "CLibCrypto"]
        ),
        .target(name: "CSpawn"),
        .target(
            name: "Orchestrator",
            dependencies: ["ArtifactStore", "CSpawn", "Yams"]
        ),
        .target(
            name: "Steps",
            dependencies: ["Orchestrator", "ArtifactStore", "Compute", "Crawler", "Networking", "Generation"],
            // The trl backend's script and pins travel inside the binary, so it runs from any folder.
            resources: [
                .embedInCode("Training/TRL/trl_train.py"), .embedInCode("Training/TRL/trl_requirements.txt"),
            ]
        ),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(name: "Networking", dependencies: ["CCurl"]),
        // Blobs in an S3-compatible object store (requests over Networking's libcurl, signed with libcrypto).
        .target(name: "ObjectStorage", dependencies: ["ArtifactStore", "Networking", "CLibCrypto"]),
        .target(name: "Crawler", dependencies: ["Networking", "CLibXML2", "Orchestrator"]),
        .target(name: "Generation", dependencies: ["Networking", "Compute"]),
        .target(
            name: "Server",
            dependencies: [
                "Generation", "Compute", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The dashboard: pages rendered on the server from templates, the JSON API, graphs laid out here; its
        // templates, stylesheet, script and OpenAPI document travel inside the binary.
        .target(
            name: "Dashboard",
            dependencies: [
                "ArtifactStore", "Orchestrator", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [
                .embedInCode("Resources/templates/layout.mustache"), .embedInCode("Resources/templates/runs.mustache"),
                .embedInCode("Resources/templates/run.mustache"), .embedInCode("Resources/templates/pipelines.mustache"),
                .embedInCode("Resources/templates/artifacts.mustache"), .embedInCode("Resources/templates/artifact.mustache"),
                .embedInCode("Resources/templates/models.mustache"), .embedInCode("Resources/templates/authors.mustache"),
                .embedInCode("Resources/templates/error.mustache"), .embedInCode("Resources/static/dashboard.css"),
                .embedInCode("Resources/static/dashboard.js"), .embedInCode("Resources/openapi.json"),
            ]
        ),
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // Inner loops compiled for AVX2 and FMA and chosen at run time, which Swift cannot express
        // per function (it compiles for the x86-64 baseline); optimized in debug builds too, like Compute.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3"])]),
        .target(
            name: "Compute",
            dependencies: ["COpenBLAS", "CKernels"],
            // The encoder's kernels are SIMD code that runs a thousand times slower unoptimized; optimizing
            // this one target keeps debug builds and the test suite usable.
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .executableTarget(
            name: "orchestrate",
            dependencies: [
                "Orchestrator", "ArtifactStore", "Steps", "Compute", "Generation", "ObjectStorage", "Server",
                "Dashboard", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .executableTarget(
            name: "orchestrate-bench",
            dependencies: [
                "Orchestrator", "ArtifactStore", "Steps", "Compute", "COpenBLAS", "Crawler", "Networking", "Dashboard",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Benchmarks/OrchestrateBench"
        ),
        .target(name: "OrchestrateTesting", dependencies: ["ArtifactStore"], path: "Tests/OrchestrateTesting"),
        .testTarget(
            name: "ArtifactStoreTests",
            dependencies: ["ArtifactStore", "OrchestrateTesting", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "OrchestratorTests",
            dependencies: ["Orchestrator", "Steps", "OrchestrateTesting", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "StepsTests", dependencies: ["Steps", "Compute", "Crawler", "OrchestrateTesting"],
            exclude: ["Golden/Fixtures", "Golden/step-outputs.json"]),
        .testTarget(name: "ComputeTests", dependencies: ["Compute", "OrchestrateTesting"], exclude: ["Fixtures"]),
        .testTarget(name: "CrawlerTests", dependencies: ["Crawler", "Networking", "Compute", "OrchestrateTesting"]),
        .testTarget(name: "NetworkingTests", dependencies: ["Networking", "OrchestrateTesting"]),
        .testTarget(name: "ObjectStorageTests", dependencies: ["ObjectStorage", "ArtifactStore", "Steps", "OrchestrateTesting"]),
        .testTarget(name: "ServerTests", dependencies: ["Server", "Generation", "Compute", "Networking", "OrchestrateTesting"]),
        .testTarget(
            name: "DashboardTests",
            dependencies: [
                "Dashboard", "Steps", "ArtifactStore", "Orchestrator", "Networking", "Server", "Compute", "OrchestrateTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            exclude: ["Browser/browser_test.py", "Browser/requirements.txt"]),
        .testTarget(name: "GenerationTests", dependencies: ["Generation", "Compute", "OrchestrateTesting"]),
        .testTarget(name: "EndToEndTests", dependencies: ["ArtifactStore", "OrchestrateTesting"]),
        .testTarget(
            name: "orchestrateTests", dependencies: ["orchestrate", "ArtifactStore", "Orchestrator", "Compute", "Generation"]),
    ]
)
