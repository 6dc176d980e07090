import Testing
import WebGPU

@Test func mapWriteThenMapReadWithOffsets() async throws {
    let device = try await makeDevice()
    let upload = try device.createBuffer(BufferDescriptor(size: 64, usage: [.mapWrite, .copySrc]))
    let download = try device.createBuffer(BufferDescriptor(size: 64, usage: [.mapRead, .copyDst]))

    try await upload.mapAsync(.write, offset: 16, size: 32)
    #expect(throws: WebGPUError.self) { try upload.getMappedRange(offset: 0, size: 16) }  // outside the mapping
    try upload.writeMapped([UInt32](10..<14), offset: 16)
    try upload.writeMapped([UInt32](20..<24), offset: 32)
    #expect(throws: WebGPUError.self) { try upload.getMappedRange(offset: 16, size: 8) }  // overlaps
    upload.unmap()

    let encoder = device.createCommandEncoder()
    encoder.clearBuffer(download)
    encoder.copyBufferToBuffer(upload, sourceOffset: 16, to: download, destinationOffset: 8, size: 32)
    device.queue.submit([try encoder.finish()])

    try await download.mapAsync(.read, offset: 8, size: 40)
    #expect(try download.readMapped(as: UInt32.self, offset: 8, count: 8) == [10, 11, 12, 13, 20, 21, 22, 23])
    #expect(try download.readMapped(as: UInt32.self, offset: 40, count: 2) == [0, 0])
    download.unmap()

    // The whole buffer, after unmapping: first 8 bytes were cleared, nothing else was written.
    try await download.mapAsync(.read)
    #expect(try download.readMapped(as: UInt32.self, count: 2) == [0, 0])
    download.unmap()
}

@Test func mappedAtCreationUploadsData() async throws {
    let device = try await makeDevice()
    let buffer = try device.createBuffer(BufferDescriptor(size: 16, usage: [.storage, .copySrc], mappedAtCreation: true))
    #expect(buffer.mapState == .mapped)
    try buffer.writeMapped([Float](arrayLiteral: 1.5, -2, 3, 4e6))
    buffer.unmap()
    #expect(try await readBack(buffer, as: Float.self, device: device) == [1.5, -2, 3, 4e6])
    #expect(throws: WebGPUError.self) {
        try device.createBuffer(BufferDescriptor(size: 6, usage: .copySrc, mappedAtCreation: true))
    }
}

@Test func mapMisuseThrowsInsteadOfCrashing() async throws {
    let device = try await makeDevice()
    let buffer = try device.createBuffer(BufferDescriptor(size: 32, usage: [.mapRead, .copyDst]))
    #expect(throws: WebGPUError.self) { try buffer.getMappedRange() }  // not mapped
    buffer.unmap()  // unmapping an unmapped buffer is allowed

    device.pushErrorScope(.validation)
    await #expect(throws: WebGPUError.self) { try await buffer.mapAsync(.write) }  // no MAP_WRITE usage
    await #expect(throws: WebGPUError.self) { try await buffer.mapAsync(.read, offset: 4) }  // offset not 8-aligned
    await #expect(throws: WebGPUError.self) { try await buffer.mapAsync(.read, offset: 8, size: 64) }  // past the end
    let error = try device.popErrorScope()
    #expect(error?.kind == .validation)

    try await buffer.mapAsync(.read)
    await #expect(throws: WebGPUError.self) { try await buffer.mapAsync(.read) }  // already mapped
    #expect(throws: WebGPUError.self) { try buffer.getMappedRange(offset: 4) }  // misaligned
    _ = try buffer.getMappedRange()
    buffer.unmap()
}

@Test func unmapAbortsAPendingMap() async throws {
    let device = try await makeDevice()
    let busy = try device.createBuffer(BufferDescriptor(size: 16, usage: [.storage, .copySrc]))
    let slowWork = SlowWork(device: device, writing: busy)
    // No API can hold the GPU back, so on a loaded machine the slow work may finish before unmap() runs.
    // An immediate task issues the map on this thread, and unmap() follows at once; how the map ended
    // then tells which case was hit. A map that had finished says nothing about unmap() and is retried;
    // a map unmap() aborted must be fully settled. The test fails unless some attempt hit a pending map.
    var abortedPendingMaps = 0
    for _ in 0..<10 where abortedPendingMaps == 0 {
        let buffer = try device.createBuffer(BufferDescriptor(size: 16, usage: [.mapRead, .copyDst]))
        try slowWork.submit(workgroups: 32)
        let encoder = device.createCommandEncoder()
        encoder.copyBufferToBuffer(busy, to: buffer, size: 16)
        device.queue.submit([try encoder.finish()])
        let pending = Task.immediate { try await buffer.mapAsync(.read) }
        buffer.unmap()
        do {
            try await pending.value  // the map finished before unmap(), which then ended it: try again
        } catch WebGPUError.aborted {
            abortedPendingMaps += 1
            #expect(buffer.mapState == .unmapped)
            try await buffer.mapAsync(.read)  // the buffer is usable again
            buffer.unmap()
        }
    }
    #expect(abortedPendingMaps == 1, "unmap() never met a pending map in 10 attempts")
}

@Test func destroyWhileMapped() async throws {
    let device = try await makeDevice()
    let buffer = try device.createBuffer(BufferDescriptor(size: 16, usage: [.mapWrite, .copySrc]))
    try await buffer.mapAsync(.write)
    _ = try buffer.getMappedRange()
    buffer.destroy()
    #expect(buffer.mapState == .unmapped)
    #expect(throws: WebGPUError.self) { try buffer.getMappedRange() }
    device.pushErrorScope(.validation)
    await #expect(throws: WebGPUError.self) { try await buffer.mapAsync(.write) }
    #expect(try device.popErrorScope() != nil)
    buffer.destroy()  // twice is fine

    let created = try device.createBuffer(BufferDescriptor(size: 16, usage: .copySrc, mappedAtCreation: true))
    created.destroy()
    #expect(created.mapState == .unmapped)
}

@Test func concurrentMapsFromManyTasks() async throws {
    let device = try await makeDevice()
    let buffers = try (0..<16).map { index in
        let buffer = try device.createBuffer(BufferDescriptor(size: 16, usage: [.mapRead, .copyDst]))
        device.queue.writeBuffer(buffer, [UInt32](repeating: UInt32(index), count: 4))
        return buffer
    }
    try await withThrowingTaskGroup(of: Void.self) { group in
        for (index, buffer) in buffers.enumerated() {
            group.addTask {
                try await buffer.mapAsync(.read)
                #expect(try buffer.readMapped(as: UInt32.self) == [UInt32](repeating: UInt32(index), count: 4))
                buffer.unmap()
            }
        }
        try await group.waitForAll()
    }
}
