import Foundation
import Testing

/// The examples in examples/, served as `kiln dev` serves them.
@Suite struct ExampleTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../examples").standardizedFileURL

    @Test func helloGPU() async throws {
        let server = try await TestServer.start(copying: Self.examples.appendingPathComponent("hello-gpu"))
        let first = try await server.get("/")
        let second = try await server.get("/")
        let logs = server.logs
        await server.stop()
        #expect(first.text == "Float32Array(4) [ 0, 1, 2, 3 ]\n")
        #expect(second.text == first.text)
        #expect(logs.contains { $0.contains("Float32Array(4) [ 0, 1, 2, 3 ]") }, "console.log output: \(logs)")
        #expect(logs.contains { $0.hasPrefix("GPU: ") || $0.contains("GPU: ") })
    }

    @Test func matmul() async throws {
        let server = try await TestServer.start(copying: Self.examples.appendingPathComponent("matmul"))
        let small = try await server.post("/", #"{"a": [[1, 2], [3, 4]], "b": [[5, 6], [7, 8]]}"#)
        let wide = try await server.post("/", #"{"a": [[1, 0, 2]], "b": [[1], [2], [3]]}"#)
        let mismatched = try await server.post("/", #"{"a": [[1, 2]], "b": [[1, 2]]}"#)
        let garbage = try await server.post("/", "not json")
        await server.stop()
        #expect(small.text == #"{"rows":2,"columns":2,"result":[[19,22],[43,50]]}"#)
        #expect(wide.text == #"{"rows":1,"columns":1,"result":[[7]]}"#)
        #expect(mismatched.status == 400)
        #expect(mismatched.text.contains("1x2"))
        #expect(garbage.status == 400)
    }

    /// A 40x30 by 30x20 product against the CPU.
    @Test func matmulLarger() async throws {
        var a = [[Double]](repeating: [Double](repeating: 0, count: 30), count: 40)
        var b = [[Double]](repeating: [Double](repeating: 0, count: 20), count: 30)
        for r in 0..<40 { for c in 0..<30 { a[r][c] = Double((r * 7 + c * 3) % 11) - 5 } }
        for r in 0..<30 { for c in 0..<20 { b[r][c] = Double((r * 5 + c) % 13) - 6 } }
        var expected = [[Double]](repeating: [Double](repeating: 0, count: 20), count: 40)
        for r in 0..<40 { for c in 0..<20 { for k in 0..<30 { expected[r][c] += a[r][k] * b[k][c] } } }
        let body = String(decoding: try JSONSerialization.data(withJSONObject: ["a": a, "b": b]), as: UTF8.self)
        let server = try await TestServer.start(copying: Self.examples.appendingPathComponent("matmul"))
        let reply = try await server.post("/", body)
        await server.stop()
        struct Product: Decodable { let rows: Int; let columns: Int; let result: [[Double]] }
        let product = try JSONDecoder().decode(Product.self, from: Data(reply.text.utf8))
        #expect(product.rows == 40 && product.columns == 20)
        #expect(product.result == expected)
    }
}
