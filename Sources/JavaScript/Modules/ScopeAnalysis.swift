/// The lightweight scope analysis the module transform needs: which `{` are blocks, object literals or class
/// bodies, where functions begin and end, and where local declarations shadow the module's imported names (so
/// a reference to an import can be rewritten to a live namespace read while shadowed uses stay untouched).
///
/// Ranges are token-index ranges. The analysis follows declarations (var/let/const with destructuring, function
/// and class declarations, parameters of functions, methods and arrows, catch parameters, for-heads) but is not a
/// full parser: code JSC accepts but that needs real parsing to classify (labelled blocks, `if (a) /re/`) is
/// resolved by the heuristics documented at each decision.
struct ScopeAnalysis {
    enum BraceKind { case block, object, classBody }

    struct Shadow {
        let range: ClosedRange<Int>
        let name: String
    }

    private(set) var braceKinds: [Int: BraceKind] = [:]
    /// Index of the innermost `(`, `[`, `{` or template part enclosing each token (-1 at top level).
    private(set) var enclosing: [Int] = []
    private(set) var functionRanges: [ClosedRange<Int>] = []
    private(set) var shadows: [Shadow] = []

    private let tokens: [Token]
    private let text: (Int) -> String
    private let names: Set<String>

    init(tokens: [Token], text: @escaping (Int) -> String, trackedNames: Set<String>) {
        self.tokens = tokens
        self.text = text
        self.names = trackedNames
        enclosing = Array(repeating: -1, count: tokens.count)
        analyze()
    }

    func isShadowed(_ name: String, at index: Int) -> Bool {
        shadows.contains { $0.name == name && $0.range.contains(index) }
    }

    func isInsideFunction(_ index: Int) -> Bool { functionRanges.contains { $0.contains(index) } }

    // MARK: Walk

    private mutating func analyze() {
        var stack: [Int] = []
        var classBodyDepth: Int?
        for index in tokens.indices {
            let token = tokens[index]
            enclosing[index] = stack.last ?? -1
            if token.kind == .punctuator && token.match > index {
                if isPunct(index, "{") {
                    let kind = classBodyDepth == stack.count ? BraceKind.classBody : braceKind(at: index)
                    if kind == .classBody { classBodyDepth = nil }
                    braceKinds[index] = kind
                } else if isPunct(index, "(") {
                    analyzeParenthesis(at: index)
                }
                stack.append(index)
                continue
            }
            if token.kind == .template && (token.templatePart == .head || token.templatePart == .middle) {
                if token.templatePart == .middle { stack.removeLast() }
                stack.append(index)
                continue
            }
            if token.kind == .template && token.templatePart == .tail || token.kind == .punctuator && token.match >= 0 && token.match < index {
                stack.removeLast()
                enclosing[index] = stack.last ?? -1
                continue
            }
            guard token.kind == .name else { continue }
            // Only class/function/var/let/const and arrow parameters matter: skip other names cheaply.
            let isArrowParameter = index + 1 < tokens.count && tokens[index + 1].kind == .punctuator
                && tokens[index + 1].end - tokens[index + 1].start == 2 && isPunct(index + 1, "=>")
            guard isArrowParameter || token.end - token.start <= 8 else { continue }
            switch text(index) {
            case "class":
                classBodyDepth = stack.count
                declareNamed(after: index, stack: stack)
            case "function":
                declareNamed(after: index, stack: stack)
            case "var", "let", "const":
                if !isPropertyName(index) { declareVariables(at: index, stack: stack) }
            default:
                // `x => ...`: a single-parameter arrow.
                if next(index, "=>") && !previousIs(index, ".") {
                    let end = arrowBodyEnd(from: index + 2)
                    functionRanges.append(index...end)
                    declare(text(index), in: index...end)
                }
            }
        }
    }

    /// `{` after `)`/`=>`, a statement boundary or else/try/finally/do opens a block; after other tokens
    /// (operators, `(`, `,`, `:`, `return`...) it is an object literal or pattern. A labelled block (`a: {`) is
    /// taken for an object, which only matters if its first token is an imported name followed by `:`.
    private func braceKind(at index: Int) -> BraceKind {
        guard index > 0 else { return .block }
        let previous = index - 1
        if isPunct(previous, ")") || isPunct(previous, "=>") || isPunct(previous, ";") || isPunct(previous, "{") || isPunct(previous, "}") {
            return .block
        }
        if tokens[previous].kind == .name {
            switch text(previous) {
            case "else", "try", "finally", "do": return .block
            case "return", "typeof", "case", "yield", "await", "in", "of", "new", "void", "delete", "throw",
                 "const", "let", "var", "default", "extends":
                return .object
            default: return tokens[index].newlineBefore ? .block : .object
            }
        }
        return .object
    }

    private static let controlKeywords: Set<String> = ["if", "for", "while", "switch", "with", "catch"]

    /// A parenthesis may open a parameter list (function, method, arrow), a catch clause or a for-head.
    private mutating func analyzeParenthesis(at open: Int) {
        let close = tokens[open].match
        let after = close + 1
        let previousName = open > 0 && tokens[open - 1].kind == .name ? text(open - 1) : nil
        if previousName == "catch", after < tokens.count, isPunct(after, "{") {
            declarePattern(from: open + 1, to: close - 1, in: open...tokens[after].match)
        } else if previousName == "for" || (previousName == "await" && open > 1 && text(open - 2) == "for") {
            let bodyEnd = after < tokens.count && isPunct(after, "{") ? tokens[after].match : statementEnd(from: after)
            forHeadRange = open...bodyEnd
        } else if after < tokens.count && isPunct(after, "=>") {
            let end = after + 1 < tokens.count && isPunct(after + 1, "{") ? tokens[after + 1].match : arrowBodyEnd(from: after + 1)
            functionRanges.append(open...end)
            declarePattern(from: open + 1, to: close - 1, in: open...end)
        } else if after < tokens.count && isPunct(after, "{"), !Self.controlKeywords.contains(previousName ?? "") {
            // function f(...) {, function (...) {, method(...) {, get x() {, [computed](...) {
            let end = tokens[after].match
            functionRanges.append(open...end)
            declarePattern(from: open + 1, to: close - 1, in: open...end)
        }
    }

    /// The range of the innermost for-head (set when its `(` is seen), so `for (let x ...)` scopes to the loop.
    private var forHeadRange: ClosedRange<Int>?

    /// `var`/`let`/`const` declarators: binding patterns, skipping initializers.
    private mutating func declareVariables(at keyword: Int, stack: [Int]) {
        let kind = text(keyword)
        let range: ClosedRange<Int>
        if kind == "var" {
            range = functionRanges.last { $0.contains(keyword) } ?? 0...max(0, tokens.count - 1)
        } else if let open = stack.last, isPunct(open, "("), let forHead = forHeadRange, forHead.lowerBound == open {
            range = forHead
        } else if let open = stack.last {
            range = open...tokens[open].match
        } else {
            range = 0...max(0, tokens.count - 1)
        }
        var index = keyword + 1
        while index < tokens.count {
            if tokens[index].kind == .name {
                declare(text(index), in: range)
                index += 1
            } else if isPunct(index, "{") || isPunct(index, "[") {
                declarePattern(from: index + 1, to: tokens[index].match - 1, in: range)
                index = tokens[index].match + 1
            } else {
                return
            }
            if index < tokens.count && isPunct(index, "=") { index = expressionEnd(from: index + 1) + 1 }
            guard index < tokens.count, isPunct(index, ",") else { return }
            index += 1
        }
    }

    /// `function name` / `class Name`: a declaration binds in the enclosing block, an expression only inside.
    private mutating func declareNamed(after keyword: Int, stack: [Int]) {
        var nameIndex = keyword + 1
        if nameIndex < tokens.count && isPunct(nameIndex, "*") { nameIndex += 1 }
        guard nameIndex < tokens.count, tokens[nameIndex].kind == .name, text(nameIndex) != "extends" else { return }
        let name = text(nameIndex)
        guard names.contains(name) else { return }
        var start = keyword
        if start > 0 && text(start - 1) == "async" { start -= 1 }
        let isDeclaration = start == 0 || isPunct(start - 1, ";") || isPunct(start - 1, "{") || isPunct(start - 1, "}")
            || ["export", "default"].contains(text(start - 1)) || tokens[start].newlineBefore
        if isDeclaration, let open = stack.last {
            declare(name, in: open...tokens[open].match)
        } else if !isDeclaration {
            // Body of the expression: from the name to the closing brace of its body.
            var index = nameIndex + 1
            while index < tokens.count && !isPunct(index, "{") {
                index = tokens[index].match > index ? tokens[index].match + 1 : index + 1
            }
            if index < tokens.count { declare(name, in: nameIndex...tokens[index].match) }
        }
    }

    /// Binding names in a pattern or parameter list: names not used as object keys (`key:`) and not inside
    /// default-value expressions (`= expr`).
    private mutating func declarePattern(from start: Int, to end: Int, in range: ClosedRange<Int>) {
        var index = start
        while index <= end && index < tokens.count {
            if isPunct(index, "=") {
                index = expressionEnd(from: index + 1) + 1
                continue
            }
            if tokens[index].kind == .name && !next(index, ":") && !previousIs(index, ".") {
                declare(text(index), in: range)
            }
            index += 1
        }
    }

    private mutating func declare(_ name: String, in range: ClosedRange<Int>) {
        if names.contains(name) { shadows.append(Shadow(range: range, name: name)) }
    }

    // MARK: Extents

    private static let statementStarters: Set<String> = [
        "const", "let", "var", "function", "class", "if", "for", "while", "do", "return", "export", "import",
        "throw", "try", "switch", "break", "continue",
    ]

    /// Last token of an expression starting at `start`: stops before `,`, `;`, a closer, or a line break that
    /// begins a new statement (ASI).
    func expressionEnd(from start: Int) -> Int {
        var index = start
        while index < tokens.count {
            let token = tokens[index]
            if index > start && token.newlineBefore && token.kind == .name && Self.statementStarters.contains(text(index)) {
                return index - 1
            }
            if token.kind == .punctuator {
                if isPunct(index, ",") || isPunct(index, ";") { return index - 1 }
                if token.match >= 0 && token.match < index { return index - 1 }
                if token.match > index {
                    index = token.match + 1
                    continue
                }
            }
            if token.kind == .template && token.templatePart == .head {
                index = templateEnd(index) + 1
                continue
            }
            index += 1
        }
        return tokens.count - 1
    }

    private func arrowBodyEnd(from start: Int) -> Int {
        guard start < tokens.count else { return tokens.count - 1 }
        return isPunct(start, "{") ? tokens[start].match : expressionEnd(from: start)
    }

    private func statementEnd(from start: Int) -> Int {
        guard start < tokens.count else { return tokens.count - 1 }
        if isPunct(start, "{") { return tokens[start].match }
        let end = expressionEnd(from: start)
        return end + 1 < tokens.count && isPunct(end + 1, ";") ? end + 1 : end
    }

    private func templateEnd(_ head: Int) -> Int {
        var index = head
        while tokens[index].match > index { index = tokens[index].match }
        return index
    }

    // MARK: Token tests

    func isPunct(_ index: Int, _ punctuator: String) -> Bool {
        tokens[index].kind == .punctuator && text(index) == punctuator
    }

    private func next(_ index: Int, _ punctuator: String) -> Bool {
        index + 1 < tokens.count && isPunct(index + 1, punctuator)
    }

    private func previousIs(_ index: Int, _ punctuator: String) -> Bool {
        index > 0 && isPunct(index - 1, punctuator)
    }

    /// `obj.let`, `{ var: 1 }`: keywords used as property names.
    private func isPropertyName(_ index: Int) -> Bool {
        previousIs(index, ".") || previousIs(index, "?.") || next(index, ":")
    }
}
