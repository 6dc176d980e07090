/// Matches `/`-separated relative paths against wrangler-style globs: `*` and `?` stay within one path
/// segment, `**` spans any number of segments.
struct Glob: Sendable {
    let pattern: String
    private let segments: [Substring]

    init(_ pattern: String) {
        self.pattern = pattern
        segments = pattern.split(separator: "/", omittingEmptySubsequences: true)
    }

    func matches(_ path: String) -> Bool {
        Self.match(segments[...], path.split(separator: "/")[...])
    }

    private static func match(_ pattern: ArraySlice<Substring>, _ path: ArraySlice<Substring>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            for skip in 0...path.count where match(pattern.dropFirst(), path.dropFirst(skip)) { return true }
            return false
        }
        guard let segment = path.first, matchSegment(Array(first.utf8)[...], Array(segment.utf8)[...]) else {
            return false
        }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    private static func matchSegment(_ p: ArraySlice<UInt8>, _ s: ArraySlice<UInt8>) -> Bool {
        guard let c = p.first else { return s.isEmpty }
        switch c {
        case UInt8(ascii: "*"):
            for skip in 0...s.count where matchSegment(p.dropFirst(), s.dropFirst(skip)) { return true }
            return false
        case UInt8(ascii: "?"):
            return !s.isEmpty && matchSegment(p.dropFirst(), s.dropFirst())
        default:
            return s.first == c && matchSegment(p.dropFirst(), s.dropFirst())
        }
    }
}
