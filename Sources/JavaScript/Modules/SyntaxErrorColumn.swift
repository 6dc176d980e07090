/// JSC reports a syntax error's line but not its column: the error object has `line` and `sourceURL` only
/// (checked on JSC 2.50: evaluate and checkSyntax alike; errors from `eval`/`Function` carry the caller's
/// column instead). So Kiln finds the column itself.
enum SyntaxErrorColumn {
    /// The column where JSC's parser failed, found by parsing prefixes of `code`: the offending token is the
    /// first one on `line` such that the code up to and including it already fails with the same message
    /// (before it, the parser runs out of input instead). A binary search over the tokens of the line, so a
    /// one-line minified bundle costs a handful of parses. Nil when the search cannot decide.
    static func locate(code: String, line: Int, message: String, in context: JSContext) -> Int? {
        // An error about the end of the input is only ever reported at the end.
        guard !message.contains("end of script"), let (bytes, tokens) = try? Lexer.tokenize(code) else { return nil }
        let onLine = tokens.filter { $0.line == line }
        func failsThrough(_ index: Int) -> Bool {
            let prefix = String(decoding: bytes[..<onLine[index].end], as: UTF8.self)
            do {
                try context.checkSyntax(prefix)
                return false
            } catch let error as JSError {
                return error.message == message && error.line == line
            } catch {
                return false
            }
        }
        guard !onLine.isEmpty, failsThrough(onLine.count - 1) else { return nil }
        var low = 0, high = onLine.count - 1
        while low < high {
            let middle = (low + high) / 2
            if failsThrough(middle) { high = middle } else { low = middle + 1 }
        }
        return onLine[low].column
    }

    /// A fallback from the message alone: it usually quotes the offending token ("Unexpected token '*'",
    /// "Unexpected identifier 'x'"), so the column is that token's first occurrence on the line, or the
    /// line's first token when the message names none.
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
