import Foundation

/// A Workers project on disk: its folder, configuration and the module files its rules select
/// (the module loader reads them itself; this list checks `main` and names what a reload covers).
public struct WorkerProject: Sendable {
    public let directory: String
    public let config: WranglerConfig
    /// Entry module, relative to `directory`.
    public let mainModule: String
    public let modules: [ModuleFile]

    public struct ModuleFile: Sendable, Equatable {
        /// Path relative to the project folder, `/`-separated: the module's specifier.
        public let path: String
        public let type: ModuleRule.ModuleType
    }

    /// Folders never scanned for modules.
    static let skippedFolders: Set<String> = [".kiln", ".git", "node_modules", ".wrangler"]

    /// Reads the configuration and every module file. Throws `ConfigError` naming the file and key at fault.
    public static func load(directory: String) throws -> WorkerProject {
        let config = try WranglerConfig.load(projectDirectory: directory)
        guard let main = config.main else {
            throw ConfigError(file: config.file, message: "\"main\" is required: the Worker's entry module")
        }
        let mainPath = normalize(main)
        let rules = ModuleRules(userRules: config.rules)
        var modules: [ModuleFile] = []
        for relative in files(under: directory) {
            guard let type = rules.type(of: relative) ?? (relative == mainPath ? .esModule : nil) else { continue }
            modules.append(ModuleFile(path: relative, type: type))
        }
        guard modules.contains(where: { $0.path == mainPath }) else {
            throw ConfigError(file: config.file, message: "\"main\" names \(main), which does not exist")
        }
        return WorkerProject(directory: directory, config: config, mainModule: mainPath, modules: modules)
    }

    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == "..", !parts.isEmpty { parts.removeLast() } else { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }

    private static func files(under root: String) -> [String] {
        var found: [String] = []
        func walk(_ relative: String) {
            let full = relative.isEmpty ? root : root + "/" + relative
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: full) else { return }
            for name in names.sorted() where !skippedFolders.contains(name) {
                let child = relative.isEmpty ? name : relative + "/" + name
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: root + "/" + child, isDirectory: &isDir) else { continue }
                if isDir.boolValue { walk(child) } else { found.append(child) }
            }
        }
        walk("")
        return found
    }
}
