/// The result table, printed as Markdown.
struct BenchTable {
    private var rows: [[String]] = []

    mutating func add(_ metric: String, kiln: String, peer: String, ratio: Double?) {
        rows.append([metric, kiln, peer, ratio.map { String(format: "%.2f×", $0) } ?? ""])
    }

    var markdown: String {
        let header = ["metric", "kiln", "peer", "kiln / peer"]
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max()! }
        func line(_ cells: [String]) -> String {
            "| " + cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: " | ") + " |"
        }
        return ([line(header), "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|"]
            + rows.map(line)).joined(separator: "\n")
    }
}
