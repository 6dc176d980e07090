import WebGPU

/// Device-local copy bandwidth: repeated copyBufferToBuffer of one 64 MiB buffer into another.
struct BenchGpuCopy {
    let device: Device

    /// Returns the best of `rounds` measurements, in GB/s (bytes copied per second, 1e9).
    func run(bytes: UInt64 = 64 << 20, copiesPerRound: Int, rounds: Int) async throws -> Double {
        let source = try device.createBuffer(BufferDescriptor(size: bytes, usage: [.storage, .copySrc, .copyDst]))
        let destination = try device.createBuffer(BufferDescriptor(size: bytes, usage: [.storage, .copyDst]))
        let encoder = device.createCommandEncoder()
        encoder.clearBuffer(source)
        device.queue.submit([try encoder.finish()])
        try await device.queue.onSubmittedWorkDone()
        var best = 0.0
        for _ in 0..<rounds {
            let encoder = device.createCommandEncoder()
            for _ in 0..<copiesPerRound { encoder.copyBufferToBuffer(source, to: destination, size: bytes) }
            let commands = try encoder.finish()
            let start = benchNow()
            device.queue.submit([commands])
            try await device.queue.onSubmittedWorkDone()
            let seconds = benchNow() - start
            best = max(best, Double(bytes) * Double(copiesPerRound) / seconds / 1e9)
        }
        return best
    }
}
