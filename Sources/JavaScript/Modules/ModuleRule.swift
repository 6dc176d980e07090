/// How a file is turned into a module, as in wrangler's `[[rules]]` (type + globs).
public struct ModuleRule: Sendable {
    public enum Kind: String, Sendable {
        case esModule = "ESModule"
        /// Node-style `require`/`module.exports`; importing it gives `module.exports` as `default`.
        case commonJS = "CommonJS"
        /// `default` is a `WebAssembly.Module`.
        case compiledWasm = "CompiledWasm"
        /// `default` is the text as a string.
        case text = "Text"
        /// `default` is the bytes as an ArrayBuffer.
        case data = "Data"
        /// `default` is the parsed value.
        case json = "JSON"
    }

    public var kind: Kind
    public var globs: [String]

    public init(kind: Kind, globs: [String]) {
        self.kind = kind
        self.globs = globs
    }

    /// Wrangler's default rules.
    public static let defaults: [ModuleRule] = [
        ModuleRule(kind: .esModule, globs: ["**/*.js", "**/*.mjs"]),
        ModuleRule(kind: .commonJS, globs: ["**/*.cjs"]),
        ModuleRule(kind: .compiledWasm, globs: ["**/*.wasm", "**/*.wasm?module"]),
        ModuleRule(kind: .text, globs: ["**/*.txt", "**/*.html", "**/*.sql"]),
        ModuleRule(kind: .data, globs: ["**/*.bin"]),
        ModuleRule(kind: .json, globs: ["**/*.json"]),
    ]

    /// The kind of the first rule with a glob matching `path`, nil when none does.
    static func kind(for path: String, in rules: [ModuleRule]) -> Kind? {
        rules.first { rule in rule.globs.contains { Glob.matches($0, path) } }?.kind
    }
}

/// Glob matching for module rules: `**/` spans directories, `*` stays within one, `?` is one character.
enum Glob {
    static func matches(_ pattern: String, _ path: String) -> Bool {
        match(Array(pattern.utf8)[...], Array(path.utf8)[...])
    }

    private static func match(_ pattern: ArraySlice<UInt8>, _ path: ArraySlice<UInt8>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if pattern.starts(with: Array("**/".utf8)) {
            let rest = pattern.dropFirst(3)
            // Zero or more leading directories (and an absolute path's leading slash).
            if match(rest, path) { return true }
            var index = path.startIndex
            while let slash = path[index...].firstIndex(of: UInt8(ascii: "/")) {
                if match(rest, path[(slash + 1)...]) { return true }
                index = slash + 1
            }
            return false
        }
        if first == UInt8(ascii: "*") {
            let rest = pattern.dropFirst()
            var index = path.startIndex
            while true {
                if match(rest, path[index...]) { return true }
                guard index < path.endIndex, path[index] != UInt8(ascii: "/") else { return false }
                index += 1
            }
        }
        guard let head = path.first, first == UInt8(ascii: "?") ? head != UInt8(ascii: "/") : first == head else {
            return false
        }
        return match(pattern.dropFirst(), path.dropFirst())
    }
}
