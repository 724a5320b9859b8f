// swift-tools-version:6.0
import PackageDescription

// Modules depend in one direction only:
//   Tensors ← Language ← Lessons ← Tutor ← attn-tutor;   Display depends on Tensors only (Tutor uses it).
//   Models (pretrained BERT) depends on Tensors (and its C kernel, CKernels) only; Language uses it for the model builtins.
//   Learning (differentiation, training) depends on Tensors only; Language offers it as train().
let package = Package(
    name: "attn-tutor",
    products: [
        .executable(name: "attn-tutor", targets: ["attn-tutor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CEditLine", path: "Sources/CEditLine", pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]),
        .target(name: "Tensors", dependencies: ["CBLAS"]),
        .target(name: "Display", dependencies: ["Tensors"]),
        // The pretrained model's float32 matrix kernel and its worker threads, in C for
        // vector types and per-CPU versions; optimised even in debug builds, which run the model in tests.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3"])], linkerSettings: [.linkedLibrary("m")]),
        .target(name: "Models", dependencies: ["Tensors", "CKernels"]),
        .target(name: "Learning", dependencies: ["Tensors"]),
        .target(name: "Language", dependencies: ["Tensors", "Models", "Learning"]),
        .target(name: "Lessons", dependencies: ["Language", "Tensors"]),
        .target(
            name: "Tutor",
            dependencies: [
                "Tensors", "Language", "Lessons", "Display", "Models", "Learning", "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "attn-tutor", dependencies: ["Tutor"]),
        // What the end-to-end suites share: the built binary run with arguments, stdin and
        // environment; the tmux terminal session; the fixture lesson.
        .target(name: "TestSupport", dependencies: ["Lessons"], path: "Tests/TestSupport"),
        // C-speed checks of the model's worker pool, for ModelsTests.
        .target(name: "KernelChecks", dependencies: ["CKernels"], path: "Tests/KernelChecks", cSettings: [.unsafeFlags(["-O3"])]),
        // Each module's tests depend on that module and the ones below it only.
        .testTarget(name: "TensorsTests", dependencies: ["Tensors"]),
        .testTarget(name: "LearningTests", dependencies: ["Learning", "Tensors"]),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "CKernels", "KernelChecks", "Tensors", "attn-tutor"], exclude: ["Fixtures"]),
        .testTarget(name: "DisplayTests", dependencies: ["Display", "Tensors"]),
        .testTarget(name: "LanguageTests", dependencies: ["Language", "Tensors"]),
        .testTarget(name: "LessonsTests", dependencies: ["Lessons", "Language", "Tensors", "TestSupport"]),
        // The REPL, the stepper, the subcommands and the .attn scripts (Tests/Scripts), in
        // process and through the binary and tmux.
        .testTarget(name: "TutorTests", dependencies: ["Tutor", "Lessons", "Language", "Display", "Tensors", "TestSupport", "attn-tutor"]),
        // Runs the built binary (`eval --json`) against NumPy fixtures.
        .testTarget(name: "FixtureTests", dependencies: ["TestSupport", "attn-tutor"]),
    ],
    swiftLanguageModes: [.v6]
)
