import WebGPU

/// fp32 SGEMM throughput of `SgemmKernel` on N × N matrices, checked against a CPU product.
struct BenchGpuSgemm {
    let device: Device

    struct Result {
        let n: Int
        let gflops: Double
        let tileK: Int
        /// Largest |gpu - cpu| / sum|a·b| over the sampled entries.
        let maxRelativeError: Double
    }

    /// Measures every `tileK` variant and keeps the fastest; each runs for about `seconds`.
    func run(n: Int, tileKs: [Int], seconds: Double) async throws -> Result {
        guard n % SgemmKernel.tile == 0 else { throw BenchError("SGEMM size \(n) is not a multiple of 128") }
        let a = Self.randomMatrix(n, seed: 1)
        let b = Self.randomMatrix(n, seed: 2)
        let bytes = UInt64(n * n * 4)
        let aBuffer = try device.createBuffer(BufferDescriptor(label: "A", size: bytes, usage: [.storage, .copyDst]))
        let bBuffer = try device.createBuffer(BufferDescriptor(label: "B", size: bytes, usage: [.storage, .copyDst]))
        let cBuffer = try device.createBuffer(BufferDescriptor(label: "C", size: bytes, usage: [.storage, .copySrc]))
        device.queue.writeBuffer(aBuffer, a)
        device.queue.writeBuffer(bBuffer, b)

        var best: (gflops: Double, tileK: Int)?
        for tileK in tileKs {
            device.pushErrorScope(.validation)
            let module = device.createShaderModule(code: SgemmKernel(tileK: tileK).wgsl, label: "sgemm")
            let pipeline = device.createComputePipeline(ComputePipelineDescriptor(
                module: module, constants: ["K": Double(n), "N": Double(n)]))
            let bindGroup = device.createBindGroup(layout: pipeline.getBindGroupLayout(0), entries: [
                BindGroupEntry(binding: 0, buffer: aBuffer),
                BindGroupEntry(binding: 1, buffer: bBuffer),
                BindGroupEntry(binding: 2, buffer: cBuffer),
            ])
            if let error = try device.popErrorScope() { throw BenchError("SGEMM kernel (tileK \(tileK)): \(error)") }

            func timed(_ dispatches: Int) async throws -> Double {
                let encoder = device.createCommandEncoder()
                let pass = encoder.beginComputePass()
                pass.setPipeline(pipeline)
                pass.setBindGroup(0, bindGroup)
                for _ in 0..<dispatches { pass.dispatchWorkgroups(UInt32(n / 128), UInt32(n / 128)) }
                pass.end()
                let commands = try encoder.finish()
                let start = benchNow()
                device.queue.submit([commands])
                try await device.queue.onSubmittedWorkDone()
                return benchNow() - start
            }
            let once = try await timed(1)
            let dispatches = max(1, min(200, Int(seconds / max(once, 1e-6))))
            let elapsed = try await timed(dispatches)
            let gflops = 2 * Double(n) * Double(n) * Double(n) * Double(dispatches) / elapsed / 1e9
            if best == nil || gflops > best!.gflops { best = (gflops, tileK) }
        }
        // The last variant's output is in C; all variants compute the same product.
        let c = try await readBack(cBuffer, count: n * n)
        let error = Self.maxRelativeError(a: a, b: b, c: c, n: n)
        guard error < 1e-4 else { throw BenchError("SGEMM \(n): GPU result differs from the CPU (relative error \(error))") }
        return Result(n: n, gflops: best!.gflops, tileK: best!.tileK, maxRelativeError: error)
    }

    private func readBack(_ buffer: Buffer, count: Int) async throws -> [Float] {
        let staging = try device.createBuffer(BufferDescriptor(size: buffer.size, usage: [.mapRead, .copyDst]))
        let encoder = device.createCommandEncoder()
        encoder.copyBufferToBuffer(buffer, to: staging, size: buffer.size)
        device.queue.submit([try encoder.finish()])
        try await staging.mapAsync(.read)
        defer { staging.unmap() }
        return try staging.readMapped(as: Float.self, count: count)
    }

    /// Uniform values in [-1, 1) from a 64-bit LCG: reproducible and fast for 16 M entries.
    static func randomMatrix(_ n: Int, seed: UInt64) -> [Float] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        return (0..<(n * n)).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int32(truncatingIfNeeded: state >> 32)) / 2_147_483_648
        }
    }

    /// Compares 64 entries spread over C (corners included) with a double-precision CPU product.
    static func maxRelativeError(a: [Float], b: [Float], c: [Float], n: Int) -> Double {
        var worst = 0.0
        for sample in 0..<64 {
            let row = sample == 0 ? 0 : (sample == 63 ? n - 1 : (sample * 7919) % n)
            let column = sample == 0 ? 0 : (sample == 63 ? n - 1 : (sample * 104_729) % n)
            var exact = 0.0
            var magnitude = 0.0
            for k in 0..<n {
                let product = Double(a[row * n + k]) * Double(b[k * n + column])
                exact += product
                magnitude += abs(product)
            }
            worst = max(worst, abs(Double(c[row * n + column]) - exact) / max(magnitude, 1e-30))
        }
        return worst
    }
}
