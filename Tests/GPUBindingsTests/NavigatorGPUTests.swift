import Foundation
import Testing

/// Every JS test in JS/tests.js (and the files it imports), each run inside its own Durable Object over HTTP.
@Suite struct NavigatorGPUTests {
    static let names = [
        "globalsAndPrototypes", "namespaces", "adapter", "requestDevice", "shaderF16", "helloWorld", "labels",
        "mappedAtCreationWritesBack", "mapReadStates", "mapWriteRoundTrip", "unmapAbortsPendingMap", "destroyDetaches",
        "mapValidation", "writeBufferSources",
        "webidlConversions", "errorScopes", "outOfMemory", "uncapturedErrorEvents", "compilationInfo", "pipelineErrors",
        "deviceLossAfterDestroy",
        "dynamicOffsets", "copiesAndClears", "encoderValidation", "indirectDispatch", "querySetsAndSamplers",
    ]

    @Test(arguments: names)
    func runsInDurableObject(_ name: String) async throws {
        let server = try await GPUTestProject.shared.value
        let reply = try await server.get("/run/\(name)")
        #expect(reply.text == "ok", "\(name): \(reply.text)")
        #expect(reply.status == 200)
    }

    /// Keeps `names` in step with the JS suite, so no JS test goes unrun.
    @Test func listsEveryJSTest() async throws {
        let server = try await GPUTestProject.shared.value
        let listed = try JSONDecoder().decode([String].self, from: Data(try await server.get("/list").text.utf8))
        #expect(Set(listed) == Set(Self.names))
    }
}
