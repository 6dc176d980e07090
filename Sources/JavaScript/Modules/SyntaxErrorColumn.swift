/// JSC reports a syntax error's line but not its column. The message usually quotes the offending token
/// ("Unexpected token '*'", "Unexpected identifier 'x'"), so the column is that token's first occurrence on
/// the line, or the line's first token when the message names none.
enum SyntaxErrorColumn {
    static func guess(source: String, line: Int, message: String) -> Int? {
        guard let (bytes, tokens) = try? Lexer.tokenize(source) else { return nil }
        let onLine = tokens.filter { $0.line == line }
        guard let first = onLine.first else { return nil }
        if let quoted = quotedToken(in: message) {
            let match = onLine.first { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) == quoted }
            if let match { return match.column }
        }
        return first.column
    }

    private static func quotedToken(in message: String) -> String? {
        guard let open = message.firstIndex(of: "'") else { return nil }
        let rest = message[message.index(after: open)...]
        guard let close = rest.lastIndex(of: "'") else { return nil }
        return String(rest[..<close])
    }
}
