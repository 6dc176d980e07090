import Foundation
import JavaScript

/// Writes `files` (relative path → contents) into a fresh temporary directory and returns its path.
func makeModuleDirectory(_ files: [String: String]) throws -> String {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-modules-\(UUID().uuidString)")
    for (path, contents) in files {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
    }
    return root.path
}

/// Imports `entry` from a temporary directory holding `files` and returns `probe(namespace)` as a string.
func importAndProbe(_ files: [String: String], entry: String = "main.js", probe: String = "ns => JSON.stringify(ns)")
    async throws -> String {
    let root = try makeModuleDirectory(files)
    defer { try? FileManager.default.removeItem(atPath: root) }
    return try await withIsolate { isolate throws in
        let namespace = try await isolate.importModule(root + "/" + entry)
        return try await isolate.run { ctx in try ctx.evaluate(probe).call([namespace]).toString() }
    }
}

/// The JSError thrown by importing `entry` (nil if it imports fine).
func importError(_ files: [String: String], entry: String = "main.js") async throws -> (JSError?, String) {
    let root = try makeModuleDirectory(files)
    defer { try? FileManager.default.removeItem(atPath: root) }
    return try await withIsolate { isolate throws in
        do {
            _ = try await isolate.importModule(root + "/" + entry)
            return (nil, root)
        } catch let error as JSError {
            return (error, root)
        }
    }
}
