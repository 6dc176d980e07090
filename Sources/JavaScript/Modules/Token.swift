/// One token of JavaScript source, as the module transform needs it. Offsets index the UTF-8 bytes.
struct Token {
    enum Kind: Equatable {
        case name          // identifiers and keywords (the transform tells them apart by text)
        case privateName   // #field
        case punctuator
        case number
        case string
        case template      // a whole template without substitutions, or one of its pieces (see `TemplatePart`)
        case regex
    }

    enum TemplatePart { case whole, head, middle, tail }

    var kind: Kind
    var start: Int
    var end: Int
    /// 1-based line and column (in characters) of `start` in the original source.
    var line: Int
    var column: Int
    /// A line terminator (or a comment containing one) separates this token from the previous one (ASI).
    var newlineBefore: Bool
    var templatePart: TemplatePart = .whole
    /// For `(`, `[`, `{` and template heads/middles: index of the matching closer (`)`, `]`, `}`, next part).
    var match: Int = -1
}

/// A syntax error found by the tokenizer or the module transform, at an original source position.
struct ModuleSyntaxError: Error {
    let message: String
    let line: Int
    let column: Int
}
