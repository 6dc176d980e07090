import Testing
@testable import JavaScript

/// Each JS file under JS/webapi-*.js runs in its own isolate with the Web APIs installed.
@Suite("Web API JS test files")
struct WebAPIJSFileTests {
    @Test("JS test file", arguments: [
        "webapi-url", "webapi-encoding", "webapi-events", "webapi-fetch-types", "webapi-formdata",
        "webapi-blob-streams", "webapi-clone-crypto", "webapi-webassembly",
    ])
    func jsFile(_ file: String) async throws {
        let (ran, failures) = try await WebAPITestSupport.runJSFile(file)
        #expect(ran > 0, "no tests registered in \(file).js")
        #expect(failures.isEmpty, "\(file).js: \(failures.count) of \(ran) failed:\n\(failures.joined(separator: "\n"))")
    }
}
