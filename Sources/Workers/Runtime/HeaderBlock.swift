/// Header lists as they cross between Swift and the JS glue: one string of `name:value` lines joined by
/// CRLF. One JS string per message instead of one per name and value keeps the per-request boundary
/// crossings constant; neither names nor values can hold CR or LF, and names hold no colon.
enum HeaderBlock {
    static func join(_ headers: [(name: String, value: String)]) -> String {
        var block = ""
        for (name, value) in headers {
            if !block.isEmpty { block += "\r\n" }
            block += name
            block += ":"
            block += value
        }
        return block
    }

    /// Splits on the UTF-8 bytes (CR LF and ":" are ASCII, so no byte of a multi-byte character matches).
    static func split(_ block: String) -> [(name: String, value: String)] {
        guard !block.isEmpty else { return [] }
        var block = block
        return block.withUTF8 { bytes in
            var headers: [(name: String, value: String)] = []
            var lineStart = 0
            var colon: Int?
            var index = 0
            while index <= bytes.count {
                let atEnd = index == bytes.count
                if atEnd || (bytes[index] == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) {
                    let nameEnd = colon ?? index
                    let valueStart = colon.map { $0 + 1 } ?? index
                    headers.append((String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<nameEnd]), as: UTF8.self),
                                    String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<index]), as: UTF8.self)))
                    if atEnd { break }
                    index += 2
                    lineStart = index
                    colon = nil
                    continue
                }
                if colon == nil, bytes[index] == UInt8(ascii: ":") { colon = index }
                index += 1
            }
            return headers
        }
    }
}
