import CJavaScriptCore

// Conversions between Swift strings and JSStringRef. UTF-16 both ways, so embedded NULs and
// non-BMP characters survive (JSStringCreateWithUTF8CString would stop at the first NUL).

extension String {
    /// Copies a JSStringRef's UTF-16 code units into a Swift string (lone surrogates become U+FFFD).
    init(jsString: JSStringRef) {
        let length = JSStringGetLength(jsString)
        guard length > 0, let chars = JSStringGetCharactersPtr(jsString) else {
            self = ""
            return
        }
        self = String(decoding: UnsafeBufferPointer(start: chars, count: length), as: UTF16.self)
    }
}

/// Creates a retained JSStringRef for `string`; the caller releases it.
func makeJSString(_ string: String) -> JSStringRef {
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
