/// Rewrites an ES module into a generator function (the JSC C API has no module loader):
///
///     (function* (__kiln, __kiln_i0, __kiln_i1) { "use strict"; __kiln.exports({ x: () => x }); yield;
///     ...module body, imports and `export` keywords blanked, imported names read from __kiln_iN...
///     })
///
/// The first `next()` registers the export getters (closures over the module's own bindings, so exports are
/// live, and functions are usable before the body runs, as cycles need); the second runs the body. Imported
/// names are rewritten to property reads on the dependency's namespace object (live bindings). Everything is
/// done on tokens, with the prologue on line 1 and blanked text keeping its line breaks, so line numbers in
/// stacks and errors stay those of the original file.
struct ModuleTransform {
    private let tokens: [Token]
    private let source: [UInt8]
    private var edits: [(start: Int, end: Int, replacement: String)] = []
    private var requests: [TransformedModule.Request] = []
    private var requestIndex: [String: Int] = [:]
    private var exports: [(name: String, getter: String)] = []
    private var localExports: [(exported: String, local: String)] = []
    private var namespaceAliases: [(local: String, request: Int)] = []
    private var importBindings: [String: String] = [:]
    private var importChecks: [TransformedModule.ImportCheck] = []
    private var starExports: [Int] = []
    /// Byte ranges of removed declarations (few), to skip the names inside them.
    private var blankedRanges: [Range<Int>] = []
    /// Expression extents for `export const a = ..., b = ...` (built on first use).
    private var extents: ScopeAnalysis?

    private init(tokens: [Token], source: [UInt8]) {
        self.tokens = tokens
        self.source = source
    }

    static func transform(_ text: String) throws -> TransformedModule {
        let (source, tokens) = try Lexer.tokenize(text)
        var transform = ModuleTransform(tokens: tokens, source: source)
        return try transform.run()
    }

    /// Token text by index, for the scope analysis (captures the immutable token and byte arrays, not self).
    private var textReader: (Int) -> String {
        let tokens = tokens, source = source
        return { String(decoding: source[tokens[$0].start..<tokens[$0].end], as: UTF8.self) }
    }

    /// Token text, or "" past either end (truncated declarations are reported by the parse, not a crash).
    private func text(_ index: Int) -> String {
        guard index >= 0 && index < tokens.count else { return "" }
        return String(decoding: source[tokens[index].start..<tokens[index].end], as: UTF8.self)
    }

    private mutating func run() throws -> TransformedModule {
        if source.starts(with: Array("#!".utf8)) {
            let end = source.firstIndex(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) ?? source.count
            blank(from: 0, to: end)
        }
        try scanTopLevel()
        let scopes = ScopeAnalysis(tokens: tokens, text: textReader, trackedNames: Set(importBindings.keys))
        rewriteImportedReferences(scopes)
        var hasTopLevelAwait = false
        for index in tokens.indices where tokens[index].kind == .name {
            // Only `import` and `await` matter here: test the first byte before building a string.
            let first = source[tokens[index].start]
            guard first == UInt8(ascii: "i") || first == UInt8(ascii: "a") else { continue }
            let name = text(index)
            if name == "import" { rewriteImportExpression(at: index) }
            if name == "await" && !scopes.isInsideFunction(index) && !isPropertyName(index) && !next(index, ":") {
                hasTopLevelAwait = true
            }
        }
        for (exported, local) in localExports {
            let alias = namespaceAliases.first { $0.local == local }.map { "__kiln_i\($0.request)" }
            exports.append((exported, alias ?? importBindings[local] ?? local))
        }
        return assemble(hasTopLevelAwait: hasTopLevelAwait)
    }

    // MARK: Declarations

    private mutating func scanTopLevel() throws {
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            if token.kind == .name && !isPropertyName(index) {
                let name = text(index)
                if name == "import" && !(next(index, "(") || next(index, ".")) {
                    index = try parseImport(at: index)
                    continue
                }
                if name == "export" {
                    index = try parseExport(at: index)
                    continue
                }
            }
            // Skip nested code: import/export declarations exist only at the top level.
            if token.match > index && (token.kind == .punctuator || token.kind == .template) {
                index = skipGroup(index)
            } else {
                index += 1
            }
        }
    }

    private func skipGroup(_ index: Int) -> Int {
        var close = tokens[index].match
        while tokens[close].match > close { close = tokens[close].match }  // template heads chain to the tail
        return close + 1
    }

    /// `import d, * as ns, { a as b } from "x" with { type: "json" };` and `import "x";`
    private mutating func parseImport(at start: Int) throws -> Int {
        var index = start + 1
        var bindings: [(imported: String, local: String, position: Int)] = []
        var namespace: String?
        if tokens[safe: index]?.kind == .string {
            _ = addRequest(at: index)
            return finishStatement(from: start, lastToken: index)
        }
        if tokens[safe: index]?.kind == .name && (next(index, ",") || nextName(index, "from")) {
            bindings.append(("default", text(index), index))
            index += 1
            if isPunct(index, ",") { index += 1 }
        }
        if isPunct(index, "*") {
            guard nameIs(index + 1, "as"), tokens[safe: index + 2]?.kind == .name else { throw error(at: index, "Expected 'as' after 'import *'") }
            namespace = text(index + 2)
            index += 3
        } else if isPunct(index, "{") {
            let close = tokens[index].match
            var item = index + 1
            while item < close {
                let imported = tokens[item].kind == .string ? unquote(item) : text(item)
                var local = imported
                var next = item + 1
                if nameIs(next, "as") {
                    local = text(next + 1)
                    next += 2
                }
                bindings.append((imported, local, item))
                item = isPunct(next, ",") ? next + 1 : next
            }
            index = close + 1
        }
        guard nameIs(index, "from"), tokens[safe: index + 1]?.kind == .string else {
            throw error(at: min(index, tokens.count - 1), "Expected 'from \"module\"' in import declaration")
        }
        let request = addRequest(at: index + 1)
        for binding in bindings {
            importBindings[binding.local] = "__kiln_i\(request)" + propertyAccess(binding.imported)
            let token = tokens[binding.position]
            importChecks.append(.init(request: request, name: binding.imported, line: token.line, column: token.column))
        }
        if let namespace { namespaceAliases.append((namespace, request)) }
        return finishStatement(from: start, lastToken: index + 1)
    }

    private mutating func parseExport(at start: Int) throws -> Int {
        let index = start + 1
        guard index < tokens.count else { throw error(at: start, "Unexpected end of input after 'export'") }
        if nameIs(index, "default") { return try parseExportDefault(at: start) }
        if isPunct(index, "*") {
            var cursor = index + 1
            var alias: String?
            if nameIs(cursor, "as") {
                alias = tokens[safe: cursor + 1]?.kind == .string ? unquote(cursor + 1) : text(cursor + 1)
                cursor += 2
            }
            guard nameIs(cursor, "from"), tokens[safe: cursor + 1]?.kind == .string else {
                throw error(at: min(cursor, tokens.count - 1), "Expected 'from \"module\"' after 'export *'")
            }
            let request = addRequest(at: cursor + 1)
            if let alias { exports.append((alias, "__kiln_i\(request)")) } else { starExports.append(request) }
            return finishStatement(from: start, lastToken: cursor + 1)
        }
        if isPunct(index, "{") {
            let close = tokens[index].match
            var pairs: [(local: String, exported: String, position: Int)] = []
            var item = index + 1
            while item < close {
                let local = tokens[item].kind == .string ? unquote(item) : text(item)
                var exported = local
                var next = item + 1
                if nameIs(next, "as") {
                    exported = tokens[next + 1].kind == .string ? unquote(next + 1) : text(next + 1)
                    next += 2
                }
                pairs.append((local, exported, item))
                item = isPunct(next, ",") ? next + 1 : next
            }
            if nameIs(close + 1, "from"), tokens[safe: close + 2]?.kind == .string {
                let request = addRequest(at: close + 2)
                for pair in pairs {
                    exports.append((pair.exported, "__kiln_i\(request)" + propertyAccess(pair.local)))
                    let token = tokens[pair.position]
                    importChecks.append(.init(request: request, name: pair.local, line: token.line, column: token.column))
                }
                return finishStatement(from: start, lastToken: close + 2)
            }
            localExports += pairs.map { ($0.exported, $0.local) }
            return finishStatement(from: start, lastToken: close)
        }
        // export var/let/const/function/async function/class: drop the keyword, keep the declaration.
        blank(from: tokens[start].start, to: tokens[start].end)
        switch text(index) {
        case "var", "let", "const":
            for name in declaredNames(afterKeyword: index) { localExports.append((name, name)) }
        case "function", "class", "async":
            var nameIndex = index + 1
            if text(index) == "async" { nameIndex += 1 }
            if isPunct(nameIndex, "*") { nameIndex += 1 }
            guard tokens[safe: nameIndex]?.kind == .name else { throw error(at: index, "Exported declaration needs a name") }
            localExports.append((text(nameIndex), text(nameIndex)))
        default:
            throw error(at: index, "Unexpected '\(text(index))' after 'export'")
        }
        return index
    }

    /// `export default` with a named or anonymous function/class declaration, or an expression.
    private mutating func parseExportDefault(at start: Int) throws -> Int {
        let defaultIndex = start + 1
        var index = defaultIndex + 1
        let isAsync = nameIs(index, "async") && nameIs(index + 1, "function") && !tokens[index + 1].newlineBefore
        if isAsync { index += 1 }
        let isFunction = nameIs(index, "function"), isClass = nameIs(index, "class")
        if isFunction || isClass {
            var nameIndex = index + 1
            if isPunct(nameIndex, "*") { nameIndex += 1 }
            if tokens[safe: nameIndex]?.kind == .name && text(nameIndex) != "extends" {
                blank(from: tokens[start].start, to: tokens[defaultIndex].end)
                exports.append(("default", text(nameIndex)))
                return index
            }
            // Anonymous: wrap in an object literal so the function/class gets the name "default".
            var body = nameIndex
            while body < tokens.count && !isPunct(body, "{") {
                body = tokens[body].match > body ? tokens[body].match + 1 : body + 1
            }
            guard body < tokens.count else { throw error(at: index, "Expected a body after 'export default'") }
            replace(from: tokens[start].start, to: tokens[defaultIndex].end, with: "const __kiln_default = ({ default:")
            let close = tokens[body].match
            edits.append((tokens[close].end, tokens[close].end, " }).default;"))
            exports.append(("default", "__kiln_default"))
            return index
        }
        replace(from: tokens[start].start, to: tokens[defaultIndex].end, with: "const __kiln_default =")
        exports.append(("default", "__kiln_default"))
        return defaultIndex + 1
    }

    /// Binding names of `var/let/const` declarators starting after `keyword`.
    private mutating func declaredNames(afterKeyword keyword: Int) -> [String] {
        if extents == nil { extents = ScopeAnalysis(tokens: tokens, text: textReader, trackedNames: []) }
        let analysis = extents!
        var names: [String] = []
        var index = keyword + 1
        while index < tokens.count {
            if tokens[index].kind == .name {
                names.append(text(index))
                index += 1
            } else if isPunct(index, "{") || isPunct(index, "[") {
                var item = index + 1
                let close = tokens[index].match
                while item < close {
                    if isPunct(item, "=") {
                        item = analysis.expressionEnd(from: item + 1) + 1
                        continue
                    }
                    if tokens[item].kind == .name && !next(item, ":") { names.append(text(item)) }
                    item += 1
                }
                index = close + 1
            } else {
                break
            }
            if isPunct(index, "=") { index = analysis.expressionEnd(from: index + 1) + 1 }
            guard isPunct(index, ",") else { break }
            index += 1
        }
        return names
    }

    /// Blanks a whole import/export statement through its attributes clause and semicolon; returns the next index.
    private mutating func finishStatement(from start: Int, lastToken: Int) -> Int {
        var last = lastToken
        if (nameIs(last + 1, "with") || nameIs(last + 1, "assert")) && isPunct(last + 2, "{") && !tokens[last + 1].newlineBefore {
            last = tokens[last + 2].match
        }
        if isPunct(last + 1, ";") { last += 1 }
        blank(from: tokens[start].start, to: tokens[last].end)
        return last + 1
    }

    private mutating func addRequest(at index: Int) -> Int {
        let specifier = unquote(index)
        if let existing = requestIndex[specifier] { return existing }
        requestIndex[specifier] = requests.count
        requests.append(.init(specifier: specifier, line: tokens[index].line, column: tokens[index].column))
        return requests.count - 1
    }

    // MARK: Expressions

    /// `import(x)` → `__kiln.import(x)`, `import.meta` → `__kiln.meta`.
    private mutating func rewriteImportExpression(at index: Int) {
        guard !isPropertyName(index) else { return }
        if next(index, "(") {
            replace(from: tokens[index].start, to: tokens[index].end, with: "__kiln.import")
        } else if next(index, "."), nameIs(index + 2, "meta") {
            replace(from: tokens[index].start, to: tokens[index + 2].end, with: "__kiln.meta")
        }
    }

    private static let memberPrefixes: Set<String> = ["static", "get", "set", "async", "*", "accessor"]

    /// Rewrites each reference to an imported name into a read of the namespace property. Property names,
    /// object keys, method and class member names, labels and shadowed uses are left alone.
    private mutating func rewriteImportedReferences(_ scopes: ScopeAnalysis) {
        guard !importBindings.isEmpty else { return }
        let lengths = Set(importBindings.keys.map { $0.utf8.count })
        for index in tokens.indices where tokens[index].kind == .name {
            guard lengths.contains(tokens[index].end - tokens[index].start) else { continue }
            let name = text(index)
            guard let replacement = importBindings[name], !isBlanked(index) else { continue }
            if isPunct(index - 1, ".") || isPunct(index - 1, "?.") || nameIs(index - 1, "break") || nameIs(index - 1, "continue") {
                continue
            }
            if scopes.isShadowed(name, at: index) { continue }
            let container = scopes.enclosing[index]
            let kind = container >= 0 ? scopes.braceKinds[container] : nil
            let previous = index > 0 ? text(index - 1) : ""
            if kind == .object && (previous == "{" || previous == ",") {
                if next(index, ":") || next(index, "(") { continue }
                if next(index, ",") || next(index, "}") {
                    replace(from: tokens[index].start, to: tokens[index].end, with: "\(name): \(replacement)")
                    continue
                }
            }
            if kind == .object && Self.memberPrefixes.contains(previous) && next(index, "(") { continue }
            if kind == .classBody && (["{", ";", "}"].contains(previous) || Self.memberPrefixes.contains(previous)
                                      || tokens[index].newlineBefore) {
                continue
            }
            if next(index, ":") && (kind == nil || kind == .block) && (index == 0 || ["{", ";", "}"].contains(previous)) {
                continue  // label
            }
            replace(from: tokens[index].start, to: tokens[index].end, with: replacement)
        }
    }

    // MARK: Output

    private func assemble(hasTopLevelAwait: Bool) -> TransformedModule {
        let parameters = ["__kiln"] + requests.indices.map { "__kiln_i\($0)" }
        let getters = exports.map { "\(jsonString($0.name)): () => \($0.getter)" }.joined(separator: ", ")
        let aliases = namespaceAliases.map { "const \($0.local) = __kiln_i\($0.request); " }.joined()
        let prologue = "(\(hasTopLevelAwait ? "async " : "")function* (\(parameters.joined(separator: ", "))) { "
            + "\"use strict\"; __kiln.exports({\(getters)}); \(aliases)yield; "

        var output: [UInt8] = Array(prologue.utf8)
        var columnMap = ColumnMap()
        columnMap.record(line: 1, outputColumn: 1, delta: prologue.utf16.count)
        var cursor = 0
        for edit in edits.sorted(by: { $0.start < $1.start }) where edit.start >= cursor {
            output += source[cursor..<edit.start]
            let position = lineAndColumn(ofOffset: edit.start)
            let outputColumn = position.column + (columnMap.shifts[position.line]?.last?.delta ?? 0)
            let replaced = String(decoding: source[edit.start..<edit.end], as: UTF8.self)
            output += Array(edit.replacement.utf8)
            if !replaced.contains(where: \.isNewline) {
                columnMap.record(line: position.line, outputColumn: outputColumn + edit.replacement.utf16.count,
                                 delta: edit.replacement.utf16.count - replaced.utf16.count)
            }
            cursor = edit.end
        }
        output += source[cursor...]
        output += Array("\n})".utf8)
        return TransformedModule(functionSource: String(decoding: output, as: UTF8.self), requests: requests,
                                 importChecks: importChecks, starExports: starExports,
                                 hasTopLevelAwait: hasTopLevelAwait, columnMap: columnMap)
    }

    private func lineAndColumn(ofOffset offset: Int) -> (line: Int, column: Int) {
        // Every edit starts at a token (or at the file start, for a hashbang): binary search by offset.
        var low = 0, high = tokens.count - 1
        while low <= high {
            let middle = (low + high) / 2
            if tokens[middle].start == offset { return (tokens[middle].line, tokens[middle].column) }
            if tokens[middle].start < offset { low = middle + 1 } else { high = middle - 1 }
        }
        return (1, 1)
    }

    // MARK: Edits and helpers

    private mutating func replace(from start: Int, to end: Int, with replacement: String) {
        edits.append((start, end, replacement))
    }

    /// Replaces text with spaces, keeping line breaks (and one space per character, so columns stay put).
    private mutating func blank(from start: Int, to end: Int) {
        var replacement = ""
        for byte in source[start..<end] where byte & 0xC0 != 0x80 {
            replacement.append(byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") ? Character(Unicode.Scalar(byte)) : " ")
        }
        edits.append((start, end, replacement))
        blankedRanges.append(start..<end)
    }

    private func isBlanked(_ index: Int) -> Bool {
        let offset = tokens[index].start
        return blankedRanges.contains { $0.contains(offset) }
    }

    private func isPunct(_ index: Int, _ punctuator: String) -> Bool {
        index >= 0 && index < tokens.count && tokens[index].kind == .punctuator && text(index) == punctuator
    }

    private func nameIs(_ index: Int, _ name: String) -> Bool {
        index >= 0 && index < tokens.count && tokens[index].kind == .name && text(index) == name
    }

    private func next(_ index: Int, _ punctuator: String) -> Bool { isPunct(index + 1, punctuator) }

    private func nextName(_ index: Int, _ name: String) -> Bool { nameIs(index + 1, name) }

    private func isPropertyName(_ index: Int) -> Bool { isPunct(index - 1, ".") || isPunct(index - 1, "?.") }

    private func unquote(_ index: Int) -> String {
        let raw = text(index)
        return String(raw.dropFirst().dropLast())  // specifiers with escapes are not supported by wrangler either
    }

    private func propertyAccess(_ name: String) -> String {
        let isIdentifier = name.first.map { $0.isLetter || $0 == "_" || $0 == "$" } == true
            && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "$" }
        return isIdentifier ? ".\(name)" : "[\(jsonString(name))]"
    }

    private func jsonString(_ value: String) -> String {
        var escaped = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }

    private func error(at index: Int, _ message: String) -> ModuleSyntaxError {
        let token = tokens[max(0, min(index, tokens.count - 1))]
        return ModuleSyntaxError(message: message, line: token.line, column: token.column)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
