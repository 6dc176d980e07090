import Foundation
import JavaScript
import Testing

@Suite struct TypedArrayTests {
    @Test func noCopyBufferIsSharedAndDeallocatedOnDetach() async throws {
        let deallocated = Flag()
        try await withIsolate { isolate throws in
            try await isolate.run { ctx throws in
                let memory = UnsafeMutableRawPointer.allocate(byteCount: 8, alignment: 8)
                memory.initializeMemory(as: UInt8.self, repeating: 1, count: 8)
                let buffer = try ctx.arrayBuffer(bytesNoCopy: memory, count: 8) { pointer in
                    pointer.deallocate()
                    deallocated.raise()
                }
                try ctx.global.set("shared", buffer)
                try ctx.evaluate("new Uint8Array(shared)[0] = 200")
                #expect(memory.load(as: UInt8.self) == 200)  // JS wrote straight into Swift's memory
                memory.storeBytes(of: 7, toByteOffset: 1, as: UInt8.self)
                #expect(try ctx.evaluate("new Uint8Array(shared)[1]").toDouble() == 7)
                try buffer.detach()
                #expect(try ctx.evaluate("shared.detached && shared.byteLength === 0").toBool())
                ctx.collectGarbage()
            }
        }
        #expect(deallocated.isRaised)
    }

    @Test func bytesOfViewsRespectOffsets() async throws {
        try await withIsolate { isolate throws in
            try await isolate.run { ctx throws in
                #expect(try ctx.evaluate("new Uint8Array([1, 2, 3, 4, 5, 6]).subarray(2, 5)").bytes() == [3, 4, 5])
                #expect(try ctx.evaluate("new DataView(new Uint8Array([9, 8, 7, 6]).buffer, 1, 2)").bytes() == [8, 7])
                #expect(try ctx.evaluate("new Uint16Array([0x0102])").bytes() == [2, 1])
                #expect(try ctx.evaluate("new ArrayBuffer(0)").bytes() == [])
                #expect(throws: JSError.self) { try ctx.evaluate("[1, 2]").bytes() }
                let view = try ctx.evaluate("new Float32Array(4)")
                #expect(view.isTypedArray && view.isBufferSource && !view.isArrayBuffer)
                try view.withBytes { raw in raw.storeBytes(of: Float(2.5), toByteOffset: 4, as: Float.self) }
                #expect(try view.get(index: 1).toDouble() == 2.5)
            }
        }
    }

    @Test func copiesAndTypedViews() async throws {
        try await withIsolate { isolate throws in
            try await isolate.run { ctx throws in
                let array = try ctx.uint8Array([10, 20, 30])
                #expect(try ctx.evaluate("a => a instanceof Uint8Array && a.join()").call([array]).toString() == "10,20,30")
                let buffer = try ctx.arrayBuffer([UInt8](repeating: 0, count: 16))
                let floats = try ctx.typedArray(kJSTypedArrayTypeFloat64Array, buffer: buffer, byteOffset: 8)
                #expect(try floats.get("length").toDouble() == 1)
            }
        }
    }

    @Test func bufferReadThroughTheCAPICannotBeDetached() async throws {
        try await withIsolate { isolate throws in
            try await isolate.run { ctx throws in
                let buffer = try ctx.evaluate("new ArrayBuffer(8)")
                _ = try buffer.bytes()  // JSC pins buffers whose bytes the C API handed out
                #expect(throws: JSError.self) { try buffer.detach() }
                #expect(throws: JSError.self) { try ctx.number(1).detach() }
            }
        }
    }
}
