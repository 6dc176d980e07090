import JavaScript
import Testing
@testable import GPUBindings

/// The WebIDL conversion layer on its own, against values made by a real JS engine.
@Suite struct WebIDLConversionTests {
    /// Evaluates `source` and converts the value with `convert`, giving the result or the error's "Name: message".
    func convert<T>(_ source: String, _ convert: @escaping (JSValue) throws -> T) async throws -> Result<T, JSError> {
        let isolate = try Isolate()
        defer { isolate.shutdown() }
        return try await isolate.run { ctx in
            let value = try ctx.evaluate(source)
            do { return .success(try convert(value)) } catch let error as JSError { return .failure(error) }
        }
    }

    @Test(arguments: [("0", 0), ("4.9", 4), ("'16'", 16), ("4294967295", 4_294_967_295), ("true", 1)])
    func enforceRangeAccepts(_ source: String, _ expected: UInt32) async throws {
        let result = try await convert(source) { try WebIDLNumbers.unsignedLong($0, "x") }
        #expect(try result.get() == expected)
    }

    @Test(arguments: ["-1", "4294967296", "NaN", "Infinity", "'abc'", "Symbol()", "10n", "({})"])
    func enforceRangeRejects(_ source: String) async throws {
        let result = try await convert(source) { try WebIDLNumbers.unsignedLong($0, "GPUBufferDescriptor.usage") }
        guard case .failure(let error) = result else { Issue.record("\(source) converted"); return }
        #expect(error.name == "TypeError")
        #expect(error.message.contains("GPUBufferDescriptor.usage"))
    }

    @Test func unsignedLongLongStopsAtTwoToThe53() async throws {
        #expect(try await convert("2 ** 53 - 1") { try WebIDLNumbers.unsignedLongLong($0, "size") }.get() == 9_007_199_254_740_991)
        let tooBig = try await convert("2 ** 53") { try WebIDLNumbers.unsignedLongLong($0, "size") }
        #expect(throws: JSError.self) { try tooBig.get() }
    }

    @Test(arguments: [("NaN", 0), ("-5", 0), ("70000", 65_535), ("2.5", 2), ("3.5", 4)])
    func clampRoundsHalfToEven(_ source: String, _ expected: UInt16) async throws {
        #expect(try await convert(source) { try WebIDLNumbers.clampedUnsignedShort($0, "maxAnisotropy") }.get() == expected)
    }

    @Test func dictionariesAndRequiredMembers() async throws {
        let missing = try await convert("({ usage: 8 })") { value in
            try WebIDLDictionary(value, name: "GPUBufferDescriptor", context: "createBuffer").required("size")
        }
        guard case .failure(let error) = missing else { Issue.record("missing member accepted"); return }
        #expect(error.message == "createBuffer: Failed to read the 'size' property from 'GPUBufferDescriptor': Required member is undefined.")
        let notObject = try await convert("42") { try WebIDLDictionary($0, name: "GPUBufferDescriptor", context: "createBuffer") }
        #expect(throws: JSError.self) { try notObject.get() }
        let empty = try await convert("null") { try WebIDLDictionary($0, name: "D", context: "c").optional("x") == nil }
        #expect(try empty.get())
    }

    @Test func enumsAndSequences() async throws {
        enum Filter: String { case validation, `internal` }
        #expect(try await convert("'internal'") { try WebIDLValues.enumeration($0, Filter.self, idlName: "F", "f") }.get() == .internal)
        let bad = try await convert("'Internal'") { try WebIDLValues.enumeration($0, Filter.self, idlName: "GPUErrorFilter", "f") }
        guard case .failure(let error) = bad else { Issue.record("bad enum accepted"); return }
        #expect(error.message.contains("is not a valid enum value of type GPUErrorFilter"))
        #expect(try await convert("new Set([1, 2, 3])") { try WebIDLValues.sequence($0, "s") { v, w in try WebIDLNumbers.unsignedLong(v, w()) } }.get() == [1, 2, 3])
        let notIterable = try await convert("({ length: 2 })") { try WebIDLValues.sequence($0, "s") { v, _ in v } }
        #expect(throws: JSError.self) { try notIterable.get() }
    }
}
