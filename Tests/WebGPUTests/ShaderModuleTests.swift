import Testing
import WebGPU

@Test func invalidWGSLGivesPositionedCompilationMessages() async throws {
    let device = try await makeDevice()
    device.pushErrorScope(.validation)
    let module = device.createShaderModule(code: """
        @compute @workgroup_size(1)
        fn main() {
            let x: u32 = 1u +;
        }
        """)
    let scopeError = try device.popErrorScope()
    #expect(scopeError?.kind == .validation)
    let info = module.compilationInfo
    #expect(info.hasErrors)
    let message = try #require(info.messages.first)
    #expect(message.type == .error)
    #expect(message.lineNum == 3)
    #expect(message.linePos > 1)
    #expect(message.offset > 0)
}

@Test func typeErrorsAreReportedWithPositions() async throws {
    let device = try await makeDevice()
    device.pushErrorScope(.validation)
    let module = device.createShaderModule(code: """
        @compute @workgroup_size(1)
        fn main() {
            var f: f32 = 1.0;
            let u: u32 = f;
        }
        """)
    _ = try device.popErrorScope()
    let message = try #require(module.compilationInfo.messages.first)
    #expect(message.lineNum == 4)
}

@Test func validWGSLHasNoMessages() async throws {
    let device = try await makeDevice()
    let module = device.createShaderModule(code: "@compute @workgroup_size(1) fn main() {}")
    #expect(module.compilationInfo.messages.isEmpty)
}
