import ArgumentParser
import Foundation
import Storage

/// `kiln r2 …`: the local R2 buckets `kiln dev` serves, shaped like `wrangler r2`.
struct R2Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "r2",
        abstract: "Manage local R2 buckets and objects (stored under .kiln/state/r2/).",
        subcommands: [R2ObjectCommand.self, R2BucketCommand.self]
    )
}

/// Options every `kiln r2` command takes.
struct R2StorageOptions: ParsableArguments {
    @Flag(help: "Use local storage (the only storage Kiln has; required, as with wrangler).")
    var local = false

    @Option(name: .customLong("persist-to"), help: "State folder to use instead of ./.kiln/state.")
    var persistTo: String?

    /// The state folder: `--persist-to`, else `.kiln/state` in the current directory (as `kiln dev` uses
    /// `<project>/.kiln/state`).
    var stateDirectory: String {
        let path = persistTo ?? ".kiln/state"
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    func requireLocal() throws {
        guard local else {
            throw R2CommandError(
                "Kiln has no remote R2: objects live only in local storage (\(stateDirectory)/r2/). Add --local.")
        }
    }
}

/// A failure the CLI reports on one line and exits 1 for.
struct R2CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Splits `BUCKET/KEY` (the key may contain further slashes).
func parseObjectPath(_ path: String) throws -> (bucket: String, key: String) {
    guard let slash = path.firstIndex(of: "/"), slash != path.startIndex, path.index(after: slash) != path.endIndex else {
        throw R2CommandError("expected BUCKET/KEY, got \"\(path)\"")
    }
    let bucket = String(path[..<slash])
    try R2Bucket.validate(bucketName: bucket)
    return (bucket, String(path[path.index(after: slash)...]))
}

/// Runs `body`, turning storage errors into one `✘ [ERROR]` line on stderr and exit code 1.
func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ValidationError {
        throw error
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("✘ [ERROR] \(error)\n".utf8))
        throw ExitCode.failure
    }
}
