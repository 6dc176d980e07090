/// Recognizes absolute URLs that the WHATWG URL parser would give back unchanged, so the runtime can build
/// the JS `Request` for them without parsing them again (the parse costs more than the rest of the Request).
/// Deliberately narrow: `http`/`https`, a lowercase DNS name or canonical dotted IPv4 address, a canonical
/// non-default port, and a path and query made only of characters the parser keeps as they are, without dot
/// segments, backslashes or a fragment. Anything else answers false and takes the full parse.
enum SerializedURL {
    static func isSerialized(_ url: String) -> Bool {
        var url = url
        return url.withUTF8 { isSerialized(bytes: $0) }
    }

    private static func isSerialized(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let defaultPort: StaticString
        var index: Int
        if hasPrefix(bytes, "http://") {
            (defaultPort, index) = ("80", 7)
        } else if hasPrefix(bytes, "https://") {
            (defaultPort, index) = ("443", 8)
        } else {
            return false
        }
        let hostStart = index
        while index < bytes.count, bytes[index] != UInt8(ascii: ":"), bytes[index] != UInt8(ascii: "/") { index += 1 }
        guard isCanonicalHost(bytes[hostStart..<index]) else { return false }
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            let portStart = index + 1
            index = portStart
            while index < bytes.count, bytes[index] != UInt8(ascii: "/") { index += 1 }
            guard isCanonicalPort(bytes[portStart..<index], defaultPort: defaultPort) else { return false }
        }
        guard index < bytes.count else { return false }  // the parser would add the "/" path
        return isKeptPathAndQuery(bytes[index...])
    }

    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: StaticString) -> Bool {
        guard bytes.count >= prefix.utf8CodeUnitCount else { return false }
        for offset in 0..<prefix.utf8CodeUnitCount where bytes[offset] != prefix.utf8Start[offset] { return false }
        return true
    }

    /// Lowercase letters, digits and inner hyphens in non-empty labels of at most 63 characters. A name whose
    /// last label is numeric is an IPv4 address to the parser, kept only in canonical dotted-decimal form;
    /// `xn--` labels go through IDNA, so they take the full parse. (The labels are walked in place: this runs
    /// for every request, and splitting the host into an array cost three allocations.)
    private static func isCanonicalHost(_ host: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard !host.isEmpty else { return false }
        var labelStart = host.startIndex
        var last = host[labelStart..<labelStart]
        var labelCount = 0
        var allAreIPv4Parts = true
        for index in host.startIndex...host.endIndex where index == host.endIndex || host[index] == UInt8(ascii: ".") {
            last = host[labelStart..<index]
            guard isCanonicalLabel(last) else { return false }
            labelCount += 1
            allAreIPv4Parts = allAreIPv4Parts && isCanonicalIPv4Part(last)
            labelStart = index + 1
        }
        let lastIsNumeric = last.allSatisfy(isDigit) || (last.count >= 2 && last.starts(with: "0x".utf8))
        guard lastIsNumeric else { return true }
        return labelCount == 4 && allAreIPv4Parts
    }

    /// A decimal number up to 255 without leading zeros.
    private static func isCanonicalIPv4Part(_ label: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        label.allSatisfy(isDigit) && label.count <= 3 && (label.count == 1 || label.first != UInt8(ascii: "0"))
            && decimalValue(label) <= 255
    }

    private static func isCanonicalLabel(_ label: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard !label.isEmpty, label.count <= 63, label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-"),
              label.allSatisfy({ isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }) else { return false }
        return !(label.count >= 4 && label.starts(with: "xn--".utf8))
    }

    private static func isCanonicalPort(_ port: Slice<UnsafeBufferPointer<UInt8>>, defaultPort: StaticString) -> Bool {
        guard !port.isEmpty, port.count <= 5, port.allSatisfy(isDigit), port.first != UInt8(ascii: "0"),
              !port.elementsEqual(UnsafeBufferPointer(start: defaultPort.utf8Start, count: defaultPort.utf8CodeUnitCount))
        else { return false }
        return decimalValue(port) <= 65535
    }

    /// Starts with "/", has no dot segment (also percent-encoded), and only characters outside the path and
    /// query percent-encode sets that are also not special: no backslash, fragment, quote, space or controls.
    private static func isKeptPathAndQuery(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard bytes.first == UInt8(ascii: "/") else { return false }
        var inQuery = false
        var segmentStart = bytes.startIndex
        var index = bytes.startIndex
        while index <= bytes.endIndex {
            let byte = index < bytes.endIndex ? bytes[index] : UInt8(ascii: "/")
            if !inQuery, byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") {
                if index > segmentStart, isDotSegment(bytes[(segmentStart + 1)..<index]) { return false }
                segmentStart = index
                if byte == UInt8(ascii: "?") { inQuery = true }
            } else if !isKeptCharacter(byte, inQuery: inQuery) {
                return false
            }
            index += 1
        }
        return true
    }

    /// A segment of only "." and "%2e" (either case): "." and ".." are dot segments; longer runs are not, but
    /// they are rare enough to take the full parse too.
    private static func isDotSegment(_ segment: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        var index = segment.startIndex
        while index < segment.endIndex {
            if segment[index] == UInt8(ascii: ".") {
                index += 1
            } else if segment[index] == UInt8(ascii: "%"), index + 2 < segment.endIndex, segment[index + 1] == UInt8(ascii: "2"),
                      segment[index + 2] | 0x20 == UInt8(ascii: "e") {
                index += 3
            } else {
                return false
            }
        }
        return !segment.isEmpty
    }

    private static func isKeptCharacter(_ byte: UInt8, inQuery: Bool) -> Bool {
        if isLowerAlphanumeric(byte) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) { return true }
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "!"),
             UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"),
             UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: ":"),
             UInt8(ascii: "@"), UInt8(ascii: "%"), UInt8(ascii: "/"):
            return true
        case UInt8(ascii: "?"):
            return inQuery
        default:
            return false  // includes "'" (percent-encoded in special URLs' queries), "#", "\", "[", "]", "|", "^"
        }
    }

    private static func decimalValue(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> Int {
        digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
    }
}
