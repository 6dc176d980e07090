/// Gives meaning to a `ConfigValue` tree: checks each known key's type, collects warnings for unknown keys,
/// and throws one `ConfigError` naming the key path and file for the first invalid value.
struct WranglerConfigDecoder {
    let file: String
    private(set) var warnings: [ConfigWarning] = []

    init(file: String) { self.file = file }

    /// Wrangler keys Kiln reads without using them for local serving (deployment settings).
    private static let deploymentKeys: Set<String> = [
        "$schema", "account_id", "workers_dev", "route", "routes", "preview_urls", "upload_source_maps",
        "minify", "node_compat", "keep_vars", "logpush", "observability", "placement", "limits", "usage_model",
        "send_metrics", "find_additional_modules", "base_dir", "no_bundle", "build", "env", "triggers",
    ]

    mutating func decode(_ root: ConfigValue) throws -> WranglerConfig {
        var config = WranglerConfig(file: file)
        let top = try table(root, at: "(top level)")
        for (key, value) in top {
            switch key {
            case "name": config.name = try string(value, at: key)
            case "main": config.main = try string(value, at: key)
            case "compatibility_date": config.compatibilityDate = try compatibilityDate(value, at: key)
            case "compatibility_flags": config.compatibilityFlags = CompatibilityFlags(try strings(value, at: key))
            case "vars": config.vars = try table(value, at: key).map { ($0.key, $0.value) }
            case "durable_objects": config.durableObjects = try durableObjects(value, at: key)
            case "migrations": config.migrations = try array(value, at: key).enumerated().map {
                try migration($1, at: "\(key)[\($0)]")
            }
            case "r2_buckets": config.r2Buckets = try array(value, at: key).enumerated().map {
                try r2Bucket($1, at: "\(key)[\($0)]")
            }
            case "rules": config.rules = try array(value, at: key).enumerated().map { try rule($1, at: "\(key)[\($0)]") }
            case "dev": try dev(value, into: &config)
            case _ where Self.deploymentKeys.contains(key): continue
            default: warn("unknown key \"\(key)\" (ignored)")
            }
        }
        for binding in config.durableObjects where binding.isExternal(toWorker: config.name) {
            warn("Durable Object binding \"\(binding.name)\" (class \(binding.className)) is defined in the Worker "
                 + "\"\(binding.scriptName ?? "")\", which kiln dev does not run: it is not connected, and its stubs' "
                 + "fetch() and RPC calls throw")
        }
        config.warnings = warnings
        return config
    }

    private mutating func warn(_ message: String) {
        warnings.append(ConfigWarning(file: file, message: message))
    }

    private func fail(_ path: String, _ message: String) -> ConfigError {
        ConfigError(file: file, message: "\"\(path)\" \(message)")
    }

    private func table(_ value: ConfigValue, at path: String) throws -> [(key: String, value: ConfigValue)] {
        guard case .table(let entries) = value else { throw fail(path, "must be a table, found \(value.kindName)") }
        return entries
    }

    private func array(_ value: ConfigValue, at path: String) throws -> [ConfigValue] {
        guard case .array(let items) = value else { throw fail(path, "must be an array, found \(value.kindName)") }
        return items
    }

    private func string(_ value: ConfigValue, at path: String) throws -> String {
        guard case .string(let s) = value else { throw fail(path, "must be a string, found \(value.kindName)") }
        return s
    }

    private func bool(_ value: ConfigValue, at path: String) throws -> Bool {
        guard case .bool(let b) = value else { throw fail(path, "must be a boolean, found \(value.kindName)") }
        return b
    }

    private func strings(_ value: ConfigValue, at path: String) throws -> [String] {
        try array(value, at: path).enumerated().map { try string($1, at: "\(path)[\($0)]") }
    }

    private func compatibilityDate(_ value: ConfigValue, at path: String) throws -> String {
        let date = try string(value, at: path)
        let parts = date.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let month = Int(parts[1]), let day = Int(parts[2]), Int(parts[0]) != nil,
              (1...12).contains(month), (1...31).contains(day)
        else { throw fail(path, "must be a date like \"2024-09-23\", found \"\(date)\"") }
        return date
    }

    /// Reads the keys of one table entry, requiring some and warning about those not listed.
    private mutating func fields(
        _ value: ConfigValue, at path: String, required: [String], optional: [String]
    ) throws -> [String: ConfigValue] {
        var found: [String: ConfigValue] = [:]
        for (key, item) in try table(value, at: path) {
            if required.contains(key) || optional.contains(key) {
                found[key] = item
            } else {
                warn("unknown key \"\(path).\(key)\" (ignored)")
            }
        }
        for key in required where found[key] == nil { throw fail("\(path).\(key)", "is required") }
        return found
    }

    private mutating func durableObjects(_ value: ConfigValue, at path: String) throws -> [DurableObjectBinding] {
        let section = try fields(value, at: path, required: [], optional: ["bindings"])
        guard let list = section["bindings"] else { return [] }
        var bindings: [DurableObjectBinding] = []
        for (i, item) in try array(list, at: "\(path).bindings").enumerated() {
            let at = "\(path).bindings[\(i)]"
            let f = try fields(item, at: at, required: ["name", "class_name"], optional: ["script_name", "environment"])
            let binding = DurableObjectBinding(
                name: try string(f["name"]!, at: "\(at).name"),
                className: try string(f["class_name"]!, at: "\(at).class_name"),
                scriptName: try f["script_name"].map { try string($0, at: "\(at).script_name") })
            if bindings.contains(where: { $0.name == binding.name }) { throw fail("\(at).name", "repeats \"\(binding.name)\"") }
            bindings.append(binding)
        }
        return bindings
    }

    private mutating func migration(_ value: ConfigValue, at path: String) throws -> Migration {
        let f = try fields(value, at: path, required: ["tag"],
                           optional: ["new_classes", "new_sqlite_classes", "deleted_classes", "renamed_classes",
                                      "transferred_classes"])
        var renamed: [(from: String, to: String)] = []
        if let list = f["renamed_classes"] {
            for (i, item) in try array(list, at: "\(path).renamed_classes").enumerated() {
                let at = "\(path).renamed_classes[\(i)]"
                let r = try fields(item, at: at, required: ["from", "to"], optional: [])
                renamed.append((try string(r["from"]!, at: "\(at).from"), try string(r["to"]!, at: "\(at).to")))
            }
        }
        return Migration(
            tag: try string(f["tag"]!, at: "\(path).tag"),
            newClasses: try f["new_classes"].map { try strings($0, at: "\(path).new_classes") } ?? [],
            newSQLiteClasses: try f["new_sqlite_classes"].map { try strings($0, at: "\(path).new_sqlite_classes") } ?? [],
            deletedClasses: try f["deleted_classes"].map { try strings($0, at: "\(path).deleted_classes") } ?? [],
            renamedClasses: renamed)
    }

    private mutating func r2Bucket(_ value: ConfigValue, at path: String) throws -> R2BucketBinding {
        let f = try fields(value, at: path, required: ["binding", "bucket_name"],
                           optional: ["preview_bucket_name", "jurisdiction"])
        return R2BucketBinding(
            binding: try string(f["binding"]!, at: "\(path).binding"),
            bucketName: try string(f["bucket_name"]!, at: "\(path).bucket_name"),
            previewBucketName: try f["preview_bucket_name"].map { try string($0, at: "\(path).preview_bucket_name") })
    }

    private mutating func rule(_ value: ConfigValue, at path: String) throws -> ModuleRule {
        let f = try fields(value, at: path, required: ["type", "globs"], optional: ["fallthrough"])
        let typeName = try string(f["type"]!, at: "\(path).type")
        guard let type = ModuleRule.ModuleType(rawValue: typeName) else {
            let known = ModuleRule.ModuleType.allCases.map(\.rawValue).joined(separator: ", ")
            throw fail("\(path).type", "must be one of \(known), found \"\(typeName)\"")
        }
        return ModuleRule(
            type: type, globs: try strings(f["globs"]!, at: "\(path).globs"),
            fallsThrough: try f["fallthrough"].map { try bool($0, at: "\(path).fallthrough") } ?? false)
    }

    private mutating func dev(_ value: ConfigValue, into config: inout WranglerConfig) throws {
        for (key, item) in try table(value, at: "dev") {
            switch key {
            case "port":
                guard case .integer(let port) = item, (0...65535).contains(port) else {
                    throw fail("dev.port", "must be a port number (0-65535)")
                }
                config.devPort = port
            case "ip": config.devIP = try string(item, at: "dev.ip")
            default: warn("unknown key \"dev.\(key)\" (ignored)")
            }
        }
    }
}
