import Foundation
import ONNX
import WebGPU

/// `kiln bench onnx`'s rows with the input already on the GPU, the peers of PyTorch's rows (its input
/// lives in CUDA memory before timing, `scripts/onnx/bench_reference.py`): the input is uploaded once
/// into a buffer of the session's device, then each timed run copies it on the device. One row reads
/// the logits back as the host-input row does; the other leaves them on the GPU and waits for the
/// queue to finish.
enum BenchOnnxResident {
    static func rows(_ session: InferenceSession, device: Device, input: String, feed: Tensor, batch: Int, iterations: Int,
                     timing: BenchOnnxTiming) async throws {
        let buffer = try device.createBuffer(BufferDescriptor(label: "bench input", size: UInt64(feed.count * 4), usage: [.storage, .copySrc, .copyDst]))
        defer { buffer.destroy() }
        device.queue.writeBuffer(buffer, feed.floats)
        let resident = GPUTensor(buffer: buffer, type: feed.type, shape: feed.shape)
        let readBack = try await timing.time(iterations) { _ = try await session.run(gpuFeeds: [input: resident]) }
        print(BenchOnnxCommand.row("Kiln (WebGPU), input on GPU", batch: batch, times: readBack))
        let onGPU = try await timing.time(iterations) {
            let outputs = try await session.runOnGPU(gpuFeeds: [input: resident])
            try await device.queue.onSubmittedWorkDone()
            for output in outputs.values { output.buffer.destroy() }
        }
        print(BenchOnnxCommand.row("Kiln (WebGPU), input + logits on GPU", batch: batch, times: onGPU))
    }
}
