/// A JavaScript tokenizer for the module transform: strings, template literals with nested `${}`, regex
/// literals (told from division by the previous token), comments, numbers, punctuators and names, with
/// line/column positions and "newline before" flags for ASI. It does not validate the grammar; JSC does that
/// when the transformed module is compiled.
struct Lexer {
    let source: [UInt8]
    private var position = 0
    private var line = 1
    private var lineStart = 0
    private var tokens: [Token] = []
    /// Open brackets, and for `${` the index of the template part that opened it.
    private var openers: [Int] = []

    init(_ text: String) { source = Array(text.utf8) }

    /// Tokenizes the whole source and links matching brackets.
    static func tokenize(_ text: String) throws -> (source: [UInt8], tokens: [Token]) {
        var lexer = Lexer(text)
        try lexer.run()
        return (lexer.source, lexer.tokens)
    }

    func text(_ token: Token) -> String { String(decoding: source[token.start..<token.end], as: UTF8.self) }

    private mutating func run() throws {
        var newline = skipTrivia(atStart: true)
        while position < source.count {
            let start = position, startLine = line, startColumn = column(of: start)
            var token = Token(kind: .punctuator, start: start, end: start, line: startLine, column: startColumn,
                              newlineBefore: newline)
            let byte = source[position]
            if isNameStart(byte) {
                scanName()
                token.kind = .name
            } else if byte == UInt8(ascii: "#") {
                position += 1
                scanName()
                token.kind = .privateName
            } else if isDigit(byte) || (byte == UInt8(ascii: ".") && isDigit(peek(1))) {
                scanNumber()
                token.kind = .number
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                try scanString(quote: byte)
                token.kind = .string
            } else if byte == UInt8(ascii: "`") {
                position += 1
                token.kind = .template
                token.templatePart = try scanTemplateRest(openedAt: (startLine, startColumn)) ? .head : .whole
            } else if byte == UInt8(ascii: "}"), let top = openers.last, top >= 0, tokens[top].kind == .template {
                // The `}` that closes a `${` substitution resumes the template.
                position += 1
                token.kind = .template
                token.templatePart = try scanTemplateRest(openedAt: (tokens[top].line, tokens[top].column)) ? .middle : .tail
            } else if byte == UInt8(ascii: "/") && regexAllowed() {
                try scanRegex()
                token.kind = .regex
            } else {
                scanPunctuator()
            }
            token.end = position
            try link(&token, index: tokens.count)
            tokens.append(token)
            newline = skipTrivia(atStart: false)
        }
        if let open = openers.last {
            let token = tokens[open]
            throw ModuleSyntaxError(message: token.kind == .template ? "Unterminated template literal"
                                        : "Unclosed '\(text(token))'", line: token.line, column: token.column)
        }
    }

    /// Pairs brackets and template pieces: openers are pushed, closers pop and record the match.
    private mutating func link(_ token: inout Token, index: Int) throws {
        switch (token.kind, token.templatePart) {
        case (.template, .head):
            openers.append(index)
        case (.template, .middle), (.template, .tail):
            let open = openers.removeLast()
            tokens[open].match = index
            if token.templatePart == .middle { openers.append(index) }
        case (.punctuator, _):
            let byte = source[token.start]
            if token.end - token.start == 1 && (byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{")) {
                openers.append(index)
            } else if token.end - token.start == 1,
                      let expected: UInt8 = byte == UInt8(ascii: ")") ? UInt8(ascii: "(")
                        : byte == UInt8(ascii: "]") ? UInt8(ascii: "[") : byte == UInt8(ascii: "}") ? UInt8(ascii: "{") : nil {
                guard let open = openers.last, tokens[open].kind == .punctuator, source[tokens[open].start] == expected else {
                    throw ModuleSyntaxError(message: "Unexpected '\(Character(Unicode.Scalar(byte)))'",
                                            line: token.line, column: token.column)
                }
                openers.removeLast()
                tokens[open].match = index
                token.match = open
            }
        default:
            break
        }
    }

    // MARK: Trivia

    /// Skips whitespace and comments (and a leading `#!` line); returns whether a line break was crossed.
    private mutating func skipTrivia(atStart: Bool) -> Bool {
        var sawNewline = false
        if atStart && peek(0) == UInt8(ascii: "#") && peek(1) == UInt8(ascii: "!") { skipLineComment() }
        while position < source.count {
            let byte = source[position]
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                newLine()
                sawNewline = true
            } else if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == 0x0B || byte == 0x0C {
                position += 1
            } else if byte == 0xE2 && peek(1) == 0x80 && (peek(2) == 0xA8 || peek(2) == 0xA9) {
                position += 3  // U+2028/U+2029 line separators
                line += 1
                lineStart = position
                sawNewline = true
            } else if byte == 0xC2 && peek(1) == 0xA0 || byte == 0xEF && peek(1) == 0xBB && peek(2) == 0xBF {
                position += byte == 0xC2 ? 2 : 3  // NBSP, BOM
            } else if byte == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "/") {
                skipLineComment()
            } else if byte == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*") {
                position += 2
                while position < source.count && !(source[position] == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/")) {
                    if source[position] == UInt8(ascii: "\n") || source[position] == UInt8(ascii: "\r") {
                        newLine()
                        sawNewline = true
                    } else {
                        position += 1
                    }
                }
                position = min(position + 2, source.count)
            } else {
                break
            }
        }
        return sawNewline
    }

    private mutating func skipLineComment() {
        while position < source.count && source[position] != UInt8(ascii: "\n") && source[position] != UInt8(ascii: "\r") {
            position += 1
        }
    }

    private mutating func newLine() {
        if source[position] == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n") { position += 1 }
        position += 1
        line += 1
        lineStart = position
    }

    // MARK: Token bodies

    private mutating func scanName() {
        while position < source.count {
            let byte = source[position]
            if isNamePart(byte) {
                position += 1
            } else if byte == UInt8(ascii: "\\") {
                position += 2  // \uXXXX escapes in names
            } else {
                break
            }
        }
    }

    private mutating func scanNumber() {
        while position < source.count {
            let byte = source[position]
            if isNamePart(byte) || byte == UInt8(ascii: ".") {
                position += 1
            } else if (byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")),
                      let previous = position > 0 ? source[position - 1] : nil,
                      previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E"),
                      !(source[tokensStart()] == UInt8(ascii: "0") && [UInt8(ascii: "x"), UInt8(ascii: "X")].contains(peekAt(tokensStart() + 1))) {
                position += 1
            } else {
                break
            }
        }
    }

    /// Start of the number being scanned (the last position after trivia).
    private func tokensStart() -> Int {
        var start = position
        while start > 0 && (isNamePart(source[start - 1]) || source[start - 1] == UInt8(ascii: ".")) { start -= 1 }
        return start
    }

    private mutating func scanString(quote: UInt8) throws {
        let startLine = line, startColumn = column(of: position)
        position += 1
        while position < source.count {
            let byte = source[position]
            if byte == quote {
                position += 1
                return
            }
            if byte == UInt8(ascii: "\\") {
                position += 1
                if position < source.count && (source[position] == UInt8(ascii: "\n") || source[position] == UInt8(ascii: "\r")) {
                    newLine()  // line continuation
                } else {
                    position += 1
                }
            } else if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                break
            } else {
                position += 1
            }
        }
        throw ModuleSyntaxError(message: "Unterminated string literal", line: startLine, column: startColumn)
    }

    /// Scans template characters after "`" or "}"; returns true if it stopped at `${`, false at the closing "`".
    /// An unterminated template is reported where it opened.
    private mutating func scanTemplateRest(openedAt start: (line: Int, column: Int)) throws -> Bool {
        let (startLine, startColumn) = start
        while position < source.count {
            let byte = source[position]
            if byte == UInt8(ascii: "`") {
                position += 1
                return false
            }
            if byte == UInt8(ascii: "$") && peek(1) == UInt8(ascii: "{") {
                position += 2
                return true
            }
            if byte == UInt8(ascii: "\\") {
                position += 1
                if position < source.count && (source[position] == UInt8(ascii: "\n") || source[position] == UInt8(ascii: "\r")) {
                    newLine()
                } else {
                    position += 1
                }
            } else if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                newLine()
            } else {
                position += 1
            }
        }
        throw ModuleSyntaxError(message: "Unterminated template literal", line: startLine, column: startColumn)
    }

    private mutating func scanRegex() throws {
        let startLine = line, startColumn = column(of: position)
        position += 1
        var inClass = false
        while position < source.count {
            let byte = source[position]
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            position += 1
            if byte == UInt8(ascii: "\\") {
                position += 1
            } else if byte == UInt8(ascii: "[") {
                inClass = true
            } else if byte == UInt8(ascii: "]") {
                inClass = false
            } else if byte == UInt8(ascii: "/") && !inClass {
                while position < source.count && isNamePart(source[position]) { position += 1 }  // flags
                return
            }
        }
        throw ModuleSyntaxError(message: "Unterminated regular expression literal", line: startLine, column: startColumn)
    }

    private static let punctuators: [String] = [
        ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
        "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=",
        "^=", "<<", ">>", "**",
    ].map { $0 }
    private static let punctuatorBytes: [[UInt8]] = punctuators.map { Array($0.utf8) }

    private mutating func scanPunctuator() {
        for candidate in Self.punctuatorBytes where matches(candidate) {
            // `?.` followed by a digit is a conditional followed by a number (a?.5:b).
            if candidate == Array("?.".utf8) && isDigit(peek(2)) { continue }
            position += candidate.count
            return
        }
        // Any other single byte (including stray non-ASCII) is a one-byte token; JSC reports real errors.
        position += 1
        while position < source.count && source[position] & 0xC0 == 0x80 { position += 1 }
    }

    private func matches(_ candidate: [UInt8]) -> Bool {
        guard position + candidate.count <= source.count else { return false }
        for (offset, byte) in candidate.enumerated() where source[position + offset] != byte { return false }
        return true
    }

    // MARK: Regex or division

    private static let keywordsBeforeExpression: Set<String> = [
        "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else",
        "yield", "await", "extends",
    ]

    /// A `/` starts a regex unless the previous token ends an expression (a name that is not an operator
    /// keyword, a literal, `)`, `]`). After `}` it is taken as a regex: a block usually ends there.
    private func regexAllowed() -> Bool {
        guard let previous = tokens.last else { return true }
        switch previous.kind {
        case .name: return Self.keywordsBeforeExpression.contains(text(previous))
        case .number, .string, .regex, .privateName: return false
        case .template: return previous.templatePart == .head || previous.templatePart == .middle
        case .punctuator:
            let byte = source[previous.start]
            if previous.end - previous.start == 1 && (byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]")) { return false }
            if previous.end - previous.start == 2 && (text(previous) == "++" || text(previous) == "--") { return false }
            return true
        }
    }

    // MARK: Characters

    private func peek(_ offset: Int) -> UInt8 { peekAt(position + offset) }
    private func peekAt(_ index: Int) -> UInt8 { index < source.count ? source[index] : 0 }

    /// 1-based column in characters (UTF-16 units, as JSC counts them) of a byte offset on the current line.
    private func column(of offset: Int) -> Int {
        var column = 1
        var index = lineStart
        while index < offset {
            let byte = source[index]
            if byte & 0xC0 != 0x80 { column += byte >= 0xF0 ? 2 : 1 }
            index += 1
        }
        return column
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    private func isNameStart(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "$")
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "\\") || (byte >= 0x80 && !isUnicodeSpace)
    }
    private func isNamePart(_ byte: UInt8) -> Bool {
        isNameStart(byte) && byte != UInt8(ascii: "\\") || isDigit(byte) || (byte >= 0x80 && byte & 0xC0 == 0x80)
    }
    /// Non-ASCII whitespace handled in skipTrivia starts with these lead bytes; everything else non-ASCII is a name.
    private var isUnicodeSpace: Bool {
        let byte = peek(0)
        return (byte == 0xE2 && peek(1) == 0x80 && (peek(2) == 0xA8 || peek(2) == 0xA9)) || (byte == 0xC2 && peek(1) == 0xA0)
            || (byte == 0xEF && peek(1) == 0xBB && peek(2) == 0xBF)
    }
}
