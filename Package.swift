// swift-tools-version:6.0
// Kiln: a Workers runtime in Swift with WebGPU in Durable Objects and ONNX inference on the GPU.
// Layers (bottom-up) are described in ARCHITECTURE.md; a target depends only on targets below it.
import PackageDescription

// wgpu-native comes from the pinned wgpu-py wheel, unpacked by scripts/bootstrap into .deps/wgpu.
// Binaries find it through an rpath: the absolute .deps path for builds run in place, and
// $ORIGIN for a binary shipped with the library beside it (the GPU machine).
let wgpuDir = Context.packageDirectory + "/.deps/wgpu"

let package = Package(
    name: "Kiln",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "WebGPU", targets: ["WebGPU"]),
        .library(name: "JavaScript", targets: ["JavaScript"]),
        .executable(name: "kiln", targets: ["kiln"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // C APIs: modulemaps and shims only.
        .target(
            name: "CWebGPU",
            linkerSettings: [
                .unsafeFlags([
                    "-L", wgpuDir + "/lib", "-lwgpu_native",
                    "-Xlinker", "-rpath", "-Xlinker", wgpuDir + "/lib",
                    "-Xlinker", "-rpath", "-Xlinker", "$ORIGIN",
                ])
            ]
        ),
        .systemLibrary(name: "CJavaScriptCore", pkgConfig: "javascriptcoregtk-4.1",
                       providers: [.apt(["libjavascriptcoregtk-4.1-dev"])]),
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),

        // Swift layers.
        .target(name: "WebGPU", dependencies: ["CWebGPU"]),
        .target(
            name: "JavaScript",
            dependencies: [
                "CJavaScriptCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Runtime")]
        ),
        .target(name: "GPUBindings", dependencies: ["WebGPU", "JavaScript"]),
        .target(
            name: "ONNX",
            dependencies: ["WebGPU", .product(name: "SwiftProtobuf", package: "swift-protobuf")]
        ),
        // libjpeg reports errors by longjmp; this shim keeps setjmp/longjmp inside C.
        .target(name: "CImageShim", linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("png16")]),
        .target(name: "Imaging", dependencies: ["CImageShim", "JavaScript"]),
        .target(name: "Storage", dependencies: ["CSQLite", .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "Workers",
            dependencies: [
                "WebGPU", "JavaScript", "GPUBindings", "ONNX", "Imaging", "Storage",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Scripts")]
        ),
        .executableTarget(
            name: "kiln",
            dependencies: ["Workers", "Storage", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // Tests mirror the modules.
        .testTarget(name: "WebGPUTests", dependencies: ["WebGPU"]),
        .testTarget(name: "JavaScriptTests", dependencies: ["JavaScript"], resources: [.copy("JS")]),
        .testTarget(name: "GPUBindingsTests", dependencies: ["GPUBindings", "Workers"], resources: [.copy("JS")]),
        .testTarget(name: "ONNXTests", dependencies: ["ONNX"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage"]),
        .testTarget(name: "WorkersTests", dependencies: ["Workers", "Imaging", "Storage"]),
    ],
    swiftLanguageModes: [.v5]
)
