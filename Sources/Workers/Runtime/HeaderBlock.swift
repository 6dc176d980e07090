/// Header lists as they cross between Swift and the JS glue: one string of `name:value` lines joined by
/// CRLF. One JS string per message instead of one per name and value keeps the per-request boundary
/// crossings constant; neither names nor values can hold CR or LF, and names hold no colon.
enum HeaderBlock {
    static func join(_ headers: [(name: String, value: String)]) -> String {
        var block = ""
        for (name, value) in headers {
            if !block.isEmpty { block += "\r\n" }
            block += name
            block += ":"
            block += value
        }
        return block
    }

    static func split(_ block: String) -> [(name: String, value: String)] {
        guard !block.isEmpty else { return [] }
        return block.split(separator: "\r\n", omittingEmptySubsequences: false).map { line in
            guard let colon = line.firstIndex(of: ":") else { return (String(line), "") }
            return (String(line[..<colon]), String(line[line.index(after: colon)...]))
        }
    }
}
