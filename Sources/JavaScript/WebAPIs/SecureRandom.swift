/// Cryptographically secure bytes for `crypto.getRandomValues` / `randomUUID`. Swift's
/// SystemRandomNumberGenerator reads the kernel CSPRNG (getrandom(2) on Linux, arc4random on Darwin).
enum SecureRandom {
    static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        var generator = SystemRandomNumberGenerator()
        var offset = 0
        while offset < buffer.count {
            var word = generator.next()
            let n = min(8, buffer.count - offset)
            withUnsafeBytes(of: &word) { bytes in
                for i in 0..<n { buffer[offset + i] = bytes[i] }
            }
            offset += n
        }
    }
}
