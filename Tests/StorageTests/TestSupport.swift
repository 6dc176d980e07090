import Foundation
@testable import Storage

/// All test folders of this process live under one root, removed when the process exits: a folder must
/// outlive the buckets opened in it, which tests often keep longer than the `TemporaryDirectory` value.
private let temporaryRoot: String = {
    let root = NSTemporaryDirectory() + "kiln-storage-tests-\(getpid())"
    try! FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + "kiln-storage-tests-\(getpid())") }
    return root
}()

/// A fresh folder for one test.
final class TemporaryDirectory {
    let path: String

    init() {
        path = temporaryRoot + "/" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func bucket(_ name: String = "test-bucket") throws -> R2Bucket {
        try R2Storage(stateDirectory: path).bucket(named: name)
    }
}

/// Deterministic pseudo-random bytes (so a failure reproduces).
func patternBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    return (0..<count).map { _ in
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return UInt8(truncatingIfNeeded: state)
    }
}

func bodyBytes(_ result: R2GetResult?) throws -> [UInt8]? {
    guard case .body(let body)? = result else { return nil }
    return try body.readAll()
}

func md5Hex(_ bytes: [UInt8]) -> String {
    var hasher = R2Hasher(verifying: R2Checksums())
    bytes.withUnsafeBytes { hasher.update($0) }
    return hexString(hasher.finalize().md5!)
}

/// The package root, found from this file's path.
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// The `kiln` executable `swift build`/`swift test` produced.
func kilnExecutable() throws -> String {
    for candidate in [".build/debug/kiln", ".build/x86_64-unknown-linux-gnu/debug/kiln", ".build/aarch64-unknown-linux-gnu/debug/kiln"] {
        let path = packageRoot + "/" + candidate
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    throw StorageError.io("no kiln executable under \(packageRoot)/.build: run `swift build --product kiln` first")
}

/// Runs a process to completion; returns status, stdout, stderr.
@discardableResult
func runProcess(_ executable: String, _ arguments: [String], directory: String? = nil) throws -> (status: Int32, output: String, error: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let output = Pipe(), error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}
