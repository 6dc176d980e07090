import Foundation

extension R2Bucket {
    /// Lists objects in key order (UTF-8 byte order), as R2's `list`: a delimited prefix counts toward
    /// `limit` like an object, and `cursor` resumes exactly after the last object or prefix returned.
    public func list(_ options: R2ListOptions = R2ListOptions()) throws -> R2ListResult {
        guard (1...1000).contains(options.limit) else {
            throw R2Error("list", .invalidMaxKeys, "MaxKeys params must be positive integer <= 1000.")
        }
        let prefix = Array((options.prefix ?? "").utf8)
        let delimiter = options.delimiter.map { Array($0.utf8) }.flatMap { $0.isEmpty ? nil : $0 }
        var after = options.startAfter.map { Array($0.utf8) }
        var skippedPrefix: [UInt8]?
        if let cursor = options.cursor {
            guard let position = ListCursor(encoded: cursor) else {
                throw R2Error("list", .invalidArgument, "The cursor \"\(cursor)\" is not valid.")
            }
            if after.map({ $0.lexicographicallyPrecedes(position.key) }) ?? true { after = position.key }
            if position.isDelimitedPrefix { skippedPrefix = position.key }
        }
        // Start at the prefix, or just after `after` when that lies beyond it.
        let startsAfter = after.map { !$0.lexicographicallyPrecedes(prefix) } ?? false
        let start = startsAfter ? after! : prefix

        return try lock.withLock {
            let statement = try database.prepare(
                "SELECT \(R2Bucket.columns) FROM objects WHERE key \(startsAfter ? ">" : ">=") ? ORDER BY key")
            try statement.bind(.blob(start))
            var result = R2ListResult(objects: [], truncated: false, cursor: nil, delimitedPrefixes: [])
            var last: ListCursor?
            var count = 0
            while try statement.step() {
                let key = statement.blob(0)
                guard key.starts(with: prefix) else { break }
                if let skippedPrefix, key.starts(with: skippedPrefix) { continue }
                if let delimiter, let cut = key[prefix.count...].firstRange(of: delimiter) {
                    let collapsed = Array(key[..<cut.upperBound])
                    if count == options.limit {
                        result.truncated = true
                        break
                    }
                    result.delimitedPrefixes.append(String(decoding: collapsed, as: UTF8.self))
                    last = ListCursor(key: collapsed, isDelimitedPrefix: true)
                    skippedPrefix = collapsed
                    count += 1
                    continue
                }
                if count == options.limit {
                    result.truncated = true
                    break
                }
                let row = try R2Bucket.decodeRow(statement, includeHTTP: options.includeHTTPMetadata,
                                                 includeCustom: options.includeCustomMetadata)
                result.objects.append(row.object)
                last = ListCursor(key: key, isDelimitedPrefix: false)
                count += 1
            }
            if result.truncated { result.cursor = last?.encoded }
            return result
        }
    }
}

/// Where a truncated listing stopped: after an object key, or after every key under a delimited prefix.
/// Encoded opaquely (base64url), as R2's cursors are.
struct ListCursor {
    var key: [UInt8]
    var isDelimitedPrefix: Bool

    init(key: [UInt8], isDelimitedPrefix: Bool) {
        self.key = key
        self.isDelimitedPrefix = isDelimitedPrefix
    }

    init?(encoded: String) {
        var base64 = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let marker = data.first, marker == 0x6b || marker == 0x70 else {
            return nil
        }
        key = Array(data.dropFirst())
        isDelimitedPrefix = marker == 0x70
    }

    var encoded: String {
        Data([isDelimitedPrefix ? 0x70 : 0x6b] + key).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
