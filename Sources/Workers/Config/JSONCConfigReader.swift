/// Reads `wrangler.json` / `wrangler.jsonc` text (JSON plus `//` and `/* */` comments and trailing commas)
/// into a `ConfigValue` tree. A small parser of its own keeps the file's key order, tells integers from
/// other numbers, and reports errors by line and column.
struct JSONCConfigReader {
    private let bytes: [UInt8]
    private let file: String
    private var index = 0

    static func read(_ text: String, file: String) throws -> ConfigValue {
        var reader = JSONCConfigReader(bytes: Array(text.utf8), file: file)
        let value = try reader.parseValue()
        try reader.skipTrivia()
        if reader.index < reader.bytes.count { throw reader.failure("unexpected text after the top-level value") }
        return value
    }

    private init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private func failure(_ message: String) -> ConfigError {
        var line = 1, column = 1
        for byte in bytes[..<min(index, bytes.count)] {
            if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
        }
        return ConfigError(file: file, message: "invalid JSON at line \(line), column \(column): \(message)")
    }

    private mutating func skipTrivia() throws {
        while let c = current {
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                index += 1
            } else if c == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                while let d = current, d != 0x0A { index += 1 }
            } else if c == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                index += 2
                while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) {
                    index += 1
                }
                guard index + 1 < bytes.count else { throw failure("unterminated /* comment") }
                index += 2
            } else {
                return
            }
        }
    }

    private mutating func parseValue() throws -> ConfigValue {
        try skipTrivia()
        guard let c = current else { throw failure("unexpected end of file") }
        switch c {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw failure("unexpected character '\(Character(Unicode.Scalar(c)))'")
        }
    }

    private mutating func expectWord(_ word: String) throws {
        let w = Array(word.utf8)
        guard index + w.count <= bytes.count, Array(bytes[index..<index + w.count]) == w else {
            throw failure("expected '\(word)'")
        }
        index += w.count
    }

    private mutating func parseObject() throws -> ConfigValue {
        index += 1
        var entries: [(key: String, value: ConfigValue)] = []
        while true {
            try skipTrivia()
            if current == UInt8(ascii: "}") { index += 1; return .table(entries) }
            guard current == UInt8(ascii: "\"") else { throw failure("expected a quoted key or '}'") }
            let key = try parseString()
            try skipTrivia()
            guard current == UInt8(ascii: ":") else { throw failure("expected ':' after key \"\(key)\"") }
            index += 1
            entries.append((key, try parseValue()))
            try skipTrivia()
            if current == UInt8(ascii: ",") { index += 1; continue }
            if current == UInt8(ascii: "}") { index += 1; return .table(entries) }
            throw failure("expected ',' or '}'")
        }
    }

    private mutating func parseArray() throws -> ConfigValue {
        index += 1
        var items: [ConfigValue] = []
        while true {
            try skipTrivia()
            if current == UInt8(ascii: "]") { index += 1; return .array(items) }
            items.append(try parseValue())
            try skipTrivia()
            if current == UInt8(ascii: ",") { index += 1; continue }
            if current == UInt8(ascii: "]") { index += 1; return .array(items) }
            throw failure("expected ',' or ']'")
        }
    }

    private mutating func parseString() throws -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var raw: [UInt8] = []
        func flush() { scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars); raw.removeAll() }
        while let c = current {
            index += 1
            if c == UInt8(ascii: "\"") { flush(); return String(scalars) }
            if c == UInt8(ascii: "\\") {
                guard let e = current else { break }
                index += 1
                flush()
                switch e {
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "u"): scalars.append(try parseUnicodeEscape())
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(Unicode.Scalar(e))
                default: throw failure("invalid escape '\\\(Character(Unicode.Scalar(e)))'")
                }
            } else if c < 0x20 {
                throw failure("control character in string")
            } else {
                raw.append(c)
            }
        }
        throw failure("unterminated string")
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
        else { throw failure("invalid \\u escape") }
        index += 4
        return v
    }

    private mutating func parseUnicodeEscape() throws -> Unicode.Scalar {
        let high = try hex4()
        if (0xD800..<0xDC00).contains(high), current == UInt8(ascii: "\\"), index + 1 < bytes.count,
           bytes[index + 1] == UInt8(ascii: "u") {
            index += 2
            let low = try hex4()
            if let s = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low &- 0xDC00)) { return s }
        }
        return Unicode.Scalar(high) ?? "\u{FFFD}"
    }

    private mutating func parseNumber() throws -> ConfigValue {
        let start = index
        var isInteger = true
        while let c = current, (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "-")
            || c == UInt8(ascii: "+") || c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") { isInteger = false }
            index += 1
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let i = Int(text) { return .integer(i) }
        guard let d = Double(text) else { index = start; throw failure("invalid number '\(text)'") }
        return .number(d)
    }
}
