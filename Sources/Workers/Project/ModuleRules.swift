/// Decides each project file's module type from `[[rules]]` followed by wrangler's default rules.
public struct ModuleRules: Sendable {
    /// Wrangler's defaults: JS files are ES modules, `.cjs` CommonJS, `.wasm` compiled Wasm, text and binary data.
    public static let defaults: [ModuleRule] = [
        ModuleRule(type: .esModule, globs: ["**/*.js", "**/*.mjs"], fallsThrough: true),
        ModuleRule(type: .commonJS, globs: ["**/*.cjs"], fallsThrough: true),
        ModuleRule(type: .compiledWasm, globs: ["**/*.wasm", "**/*.wasm?module"], fallsThrough: true),
        ModuleRule(type: .text, globs: ["**/*.txt", "**/*.html", "**/*.sql"], fallsThrough: true),
        ModuleRule(type: .data, globs: ["**/*.bin"], fallsThrough: true),
    ]

    private let rules: [(type: ModuleRule.ModuleType, globs: [Glob])]

    /// The rules in the order they apply, after `fallthrough` has dropped the ones a user rule closes.
    public var effective: [(type: ModuleRule.ModuleType, globs: [String])] {
        rules.map { ($0.type, $0.globs.map(\.pattern)) }
    }

    public init(userRules: [ModuleRule]) {
        var ordered: [(ModuleRule.ModuleType, [Glob])] = []
        var closedTypes: Set<ModuleRule.ModuleType> = []
        // A user rule without `fallthrough` ends the search for its type: later rules of that type are dropped.
        for rule in userRules + Self.defaults where !closedTypes.contains(rule.type) {
            ordered.append((rule.type, rule.globs.map(Glob.init)))
            if !rule.fallsThrough { closedTypes.insert(rule.type) }
        }
        rules = ordered
    }

    /// The module type of a project-relative path, or nil when no rule claims it.
    public func type(of relativePath: String) -> ModuleRule.ModuleType? {
        rules.first { $0.globs.contains { $0.matches(relativePath) } }?.type
    }
}
