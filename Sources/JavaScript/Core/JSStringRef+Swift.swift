import CJavaScriptCore

// Conversions between Swift strings and JSStringRef. Embedded NULs and non-BMP characters survive both ways.
// ASCII text (names, URLs, header values: most of what crosses per request) takes a fast path each way; it
// also gives JavaScriptCore an 8-bit string, which its string operations and regular expressions handle
// faster than a 16-bit one.

extension String {
    /// Copies a JSStringRef's UTF-16 code units into a Swift string (lone surrogates become U+FFFD).
    init(jsString: JSStringRef) {
        let length = JSStringGetLength(jsString)
        guard length > 0, let chars = JSStringGetCharactersPtr(jsString) else {
            self = ""
            return
        }
        let units = UnsafeBufferPointer(start: chars, count: length)
        self = String(asciiUnits: units) ?? String(decoding: units, as: UTF16.self)
    }

    /// The string when every unit is ASCII (one narrowing pass, no transcoding), else nil.
    private init?(asciiUnits units: UnsafeBufferPointer<UInt16>) {
        var allASCII = true
        let string = String(unsafeUninitializedCapacity: units.count) { bytes in
            for index in units.indices {
                let unit = units[index]
                guard unit < 0x80 else {
                    allASCII = false
                    return 0
                }
                bytes[index] = UInt8(truncatingIfNeeded: unit)
            }
            return units.count
        }
        guard allASCII else { return nil }
        self = string
    }
}

/// Creates a retained JSStringRef for `string`; the caller releases it.
func makeJSString(_ string: String) -> JSStringRef {
    // Swift strings are valid UTF-8, so the UTF-8 constructor takes them as they are, unless a NUL inside
    // would end the C string early.
    if !string.utf8.contains(0) {
        return string.withCString { JSStringCreateWithUTF8CString($0) }
    }
    var units = Array(string.utf16)
    return units.withUnsafeMutableBufferPointer { buffer in
        JSStringCreateWithCharacters(buffer.baseAddress, buffer.count)
    }
}

/// Runs `body` with a temporary JSStringRef for `string`.
func withJSString<T>(_ string: String, _ body: (JSStringRef) throws -> T) rethrows -> T {
    let ref = makeJSString(string)
    defer { JSStringRelease(ref) }
    return try body(ref)
}
