import Foundation

extension WranglerConfig {
    /// Config file names, in the order wrangler looks for them.
    public static let fileNames = ["wrangler.json", "wrangler.jsonc", "wrangler.toml"]

    /// Finds and reads the project's configuration file.
    public static func load(projectDirectory: String) throws -> WranglerConfig {
        let fm = FileManager.default
        for name in fileNames {
            let path = (projectDirectory as NSString).appendingPathComponent(name)
            if fm.fileExists(atPath: path) { return try load(file: path) }
        }
        throw ConfigError(file: projectDirectory,
                          message: "no wrangler.toml, wrangler.json or wrangler.jsonc in this folder")
    }

    /// Reads one configuration file; the format follows its extension.
    public static func load(file: String) throws -> WranglerConfig {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ConfigError(file: file, message: "cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: file, message: "is not UTF-8 text")
        }
        return try parse(text, file: file)
    }

    /// Parses configuration text; `file` names the format (by extension) and appears in messages.
    public static func parse(_ text: String, file: String) throws -> WranglerConfig {
        let tree = file.hasSuffix(".toml")
            ? try TOMLConfigReader.read(text, file: file)
            : try JSONCConfigReader.read(text, file: file)
        var decoder = WranglerConfigDecoder(file: file)
        return try decoder.decode(tree)
    }
}
