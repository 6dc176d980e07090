import Foundation
import JavaScript
import Testing

/// Runs every Tests/JavaScriptTests/JS/*.test.js in a fresh isolate through the JS harness.
@Suite struct JSHarnessTests {
    static let directory = Bundle.module.url(forResource: "JS", withExtension: nil)!.path

    static let files: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
        .filter { $0.hasSuffix(".test.js") }.sorted()

    @Test func harnessFindsTestFiles() {
        #expect(Self.files.count >= 3)
    }

    @Test(arguments: files) func jsTests(file: String) async throws {
        try await withIsolate(Isolate.Options(cpuTimeLimit: .seconds(10))) { isolate throws in
            _ = try await isolate.importModule(Self.directory + "/" + file)
            let harness = try await isolate.importModule(Self.directory + "/harness.js")
            let results = try await isolate.run { ctx in try harness.callMethod("run") }.resolved()
            let outcomes = try await isolate.run { ctx -> [(String, Bool, String)] in
                try results.toArray().map { result in
                    (try result.get("name").toString(), result["ok"].toBool(), result["error"].string ?? "")
                }
            }
            #expect(!outcomes.isEmpty, "\(file) registered no tests")
            for (name, passed, error) in outcomes {
                #expect(passed, "\(file) › \(name): \(error)")
            }
        }
    }
}
