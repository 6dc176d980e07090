/// UTF-8 for TextEncoder/TextDecoder and every body read: native because JS loops over large buffers are slow.
enum UTF8Codec {
    struct InvalidData: Error {}

    /// Decodes with U+FFFD replacement of maximal invalid subparts (what WHATWG's decoder does), or throws
    /// on the first invalid byte when `fatal`. A BOM is kept; callers strip it when the spec says so.
    static func decode(_ bytes: UnsafeRawBufferPointer, fatal: Bool) throws -> String {
        let units = bytes.bindMemory(to: UInt8.self)
        if fatal {
            guard let s = String(validating: units, as: UTF8.self) else { throw InvalidData() }
            return s
        }
        return String(decoding: units, as: UTF8.self)
    }
}
