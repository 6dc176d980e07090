import ArgumentParser
import Foundation
import Storage

/// `kiln r2 bench`: put/get throughput of the local R2 engine and of the `kiln r2 object` CLI, next to
/// plain `cp` of the same file on the same disk, in one run.
struct R2BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure local R2 put/get throughput against cp (prints a Markdown table)."
    )

    @Option(help: "Object sizes in MiB, comma-separated.") var sizes = "1,256"
    @Option(help: "Scratch folder (same disk as the state you care about); removed afterwards.") var directory = ".kiln/bench-r2"

    func run() async throws {
        let scratch = URL(fileURLWithPath: directory).standardizedFileURL.path
        try? FileManager.default.removeItem(atPath: scratch)
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let bucket = try R2Storage(stateDirectory: scratch + "/state").bucket(named: "bench")
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path

        print("| size | cp | cp + sync | engine put (file) | engine get (to file) | engine get (read, discard) | CLI put | CLI get |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for size in sizes.split(separator: ",").compactMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
            let bytes = size << 20
            let source = scratch + "/source-\(size)"
            try writeRandomFile(source, bytes: bytes)
            let rounds = max(3, min(30, 256 / size))
            let copy = try measure(rounds, bytes) { try run("/bin/cp", [source, scratch + "/copy"]) }
            // The same durability a put gives: the copy's data on disk before returning (coreutils `sync FILE`).
            let copySynced = try measure(rounds, bytes) {
                try run("/bin/cp", [source, scratch + "/copy"])
                try run("/bin/sync", [scratch + "/copy"])
            }
            let put = try measure(rounds, bytes) { _ = try bucket.put("object", contentsOfFile: source) }
            let getFile = try measure(rounds, bytes) {
                guard case .body(let body)? = try bucket.get("object") else { throw R2CommandError("object vanished") }
                try body.write(toFile: scratch + "/out")
            }
            let getRead = try measure(rounds, bytes) {
                guard case .body(let body)? = try bucket.get("object") else { throw R2CommandError("object vanished") }
                while try body.read(maxLength: 4 << 20) != nil {}
            }
            let common = ["--local", "--persist-to", scratch + "/state"]
            let cliPut = try measure(rounds, bytes) {
                try run(executable, ["r2", "object", "put", "bench/cli", "--file", source] + common)
            }
            let cliGet = try measure(rounds, bytes) {
                try run(executable, ["r2", "object", "get", "bench/cli", "--file", scratch + "/cli-out"] + common)
            }
            print("| \(size) MiB | \(copy) | \(copySynced) | \(put) | \(getFile) | \(getRead) | \(cliPut) | \(cliGet) |")
        }
        print("\nMiB/s, median of the rounds; a put fsyncs its data and folder and commits to SQLite; \"cp + sync\" fsyncs the copy, plain cp does not. CLI columns include starting the kiln process.")
    }

    /// Median throughput of `rounds` runs of `body`, formatted as MiB/s.
    private func measure(_ rounds: Int, _ bytes: Int, _ body: () throws -> Void) throws -> String {
        var rates: [Double] = []
        for _ in 0..<rounds {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            rates.append(Double(bytes) / 1_048_576 / seconds)
        }
        return String(format: "%.0f MiB/s", rates.sorted()[rates.count / 2])
    }

    private func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw R2CommandError("\(executable) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
    }

    private func writeRandomFile(_ path: String, bytes: Int) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw R2CommandError("cannot create \(path)") }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        // xorshift: incompressible enough for a disk benchmark, and fast to make.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var words = [UInt64](repeating: 0, count: (1 << 20) / 8)
        for _ in 0..<(bytes >> 20) {
            for index in words.indices {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                words[index] = state
            }
            words.withUnsafeBytes { handle.write(Data($0)) }
        }
    }
}
