import WebGPU

/// A tensor that lives in a WebGPU buffer on a session's device (onnxruntime-web's `Tensor.fromGpuBuffer`):
/// a feed that a caller produced on the GPU, or an output left there (`InferenceSession.runOnGPU`).
///
/// Layout: Kiln's GPU layout, 4 bytes per element, row-major from `offset` — float32 and float16 as f32, int32
/// and int64 as i32 (int64 values outside the i32 range do not fit), bool as u32 0/1.
public struct GPUTensor: @unchecked Sendable {
    public let buffer: Buffer
    public let type: ElementType
    public let shape: [Int]
    /// Bytes into `buffer` where the first element starts (a multiple of 4).
    public let offset: UInt64

    public init(buffer: Buffer, type: ElementType = .float32, shape: [Int], offset: UInt64 = 0) {
        self.buffer = buffer
        self.type = type
        self.shape = shape
        self.offset = offset
    }

    public var count: Int { shape.reduce(1, *) }
    /// Bytes the elements occupy.
    public var byteCount: Int { count * 4 }

    /// Why this tensor cannot be read as feed `name` (copied from, in full), or nil when it can.
    func problem(asFeed name: String) -> String? {
        if shape.contains(where: { $0 < 0 }) { return "GPU feed '\(name)' has a negative dimension in \(shape)" }
        if offset % 4 != 0 { return "GPU feed '\(name)' starts at byte \(offset), not a multiple of 4" }
        if offset + UInt64(byteCount) > buffer.size {
            return "GPU feed '\(name)' needs \(byteCount) bytes from byte \(offset); its buffer holds \(buffer.size)"
        }
        if !buffer.usage.contains(.copySrc) { return "GPU feed '\(name)': its buffer lacks the copySrc usage" }
        return nil
    }
}
