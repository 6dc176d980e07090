/// Where a buffer is in its mapping life cycle (`GPUBufferMapState`).
public enum BufferMapState: String, Sendable {
    case unmapped, pending, mapped
}
