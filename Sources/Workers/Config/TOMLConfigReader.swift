import TOMLKit

/// Reads `wrangler.toml` text into a `ConfigValue` tree.
enum TOMLConfigReader {
    static func read(_ text: String, file: String) throws -> ConfigValue {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(
                file: file,
                message: "invalid TOML at line \(error.source.begin.line), column \(error.source.begin.column): \(error.description)")
        }
        return convert(table)
    }

    private static func convert(_ table: TOMLTable) -> ConfigValue {
        var entries: [(key: String, value: ConfigValue)] = []
        for (key, value) in table {
            entries.append((key, convert(value.tomlValue)))
        }
        return .table(entries)
    }

    private static func convert(_ value: TOMLValue) -> ConfigValue {
        switch value.type {
        case .table: return value.table.map(convert) ?? .null
        case .array: return .array(value.array.map { $0.map { convert($0.tomlValue) } } ?? [])
        case .string: return .string(value.string ?? "")
        case .int: return .integer(value.int ?? 0)
        case .double: return .number(value.double ?? 0)
        case .bool: return .bool(value.bool ?? false)
        // Dates have no meaning in Workers configuration; keep their TOML spelling for messages and vars.
        case .date, .time, .dateTime: return .string(value.debugDescription)
        }
    }
}
