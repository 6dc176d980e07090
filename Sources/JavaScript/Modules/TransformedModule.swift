/// A module rewritten into a generator function that the loader can link and run. Line numbers are kept;
/// `columnMap` maps columns on edited lines back to the original source.
struct TransformedModule {
    struct Request {
        let specifier: String
        let line: Int
        let column: Int
    }

    /// A named import that must exist in the target namespace once linked.
    struct ImportCheck {
        let request: Int
        let name: String
        let line: Int
        let column: Int
    }

    /// `(function* (__kiln, __kiln_i0, ...) { ... })`, or an async generator with top-level await.
    let functionSource: String
    /// Dependencies in evaluation order; `__kiln_iN` is the namespace of request N.
    let requests: [Request]
    let importChecks: [ImportCheck]
    /// Requests whose exports are re-exported with `export *`.
    let starExports: [Int]
    let hasTopLevelAwait: Bool
    let columnMap: ColumnMap
}

/// Maps (line, column) in transformed code back to the original source.
struct ColumnMap {
    /// Per line: (first output column after an edit, total column shift up to there), ascending.
    var shifts: [Int: [(outputColumn: Int, delta: Int)]] = [:]

    mutating func record(line: Int, outputColumn: Int, delta: Int) {
        guard delta != 0 else { return }
        let previous = shifts[line]?.last?.delta ?? 0
        shifts[line, default: []].append((outputColumn, previous + delta))
    }

    func originalColumn(line: Int, column: Int) -> Int {
        guard let entries = shifts[line] else { return column }
        let delta = entries.last { $0.outputColumn <= column }?.delta ?? 0
        return max(1, column - delta)
    }
}
