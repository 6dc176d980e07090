import ArgumentParser
import Foundation
import Storage

/// `kiln bench r2`: put/get throughput of local R2, next to plain `cp` of the same file on the same disk, in
/// one run: through a Worker over HTTP (`env.BUCKET.put(key, request.body)` / `new Response(object.body)`,
/// driven by curl on loopback), the storage engine called in-process, and the `kiln r2 object` CLI.
struct BenchR2Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "r2",
        abstract: "Measure local R2 put/get throughput (Worker over HTTP, engine, CLI) against cp (prints a Markdown table)."
    )

    @Option(help: "Object sizes in MiB, comma-separated.") var sizes = "1,256"
    @Option(help: "Scratch folder (same disk as the state you care about); removed afterwards.") var directory = ".kiln/bench-r2"

    func run() async throws {
        let scratch = URL(fileURLWithPath: directory).standardizedFileURL.path
        try? FileManager.default.removeItem(atPath: scratch)
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let bucket = try R2Storage(stateDirectory: scratch + "/state").bucket(named: "bench")
        let worker = try await BenchR2Worker.start(scratch: scratch)
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
        var memory: [String] = []

        print("| size | cp | cp + sync | Worker put (HTTP) | Worker get (HTTP) | engine put (file) | engine get (to file) | engine get (read, discard) | CLI put | CLI get |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for size in sizes.split(separator: ",").compactMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
            let bytes = size << 20
            let source = scratch + "/source-\(size)"
            try writeRandomFile(source, bytes: bytes)
            let rounds = max(3, min(30, 256 / size))
            let copy = try measure(rounds, bytes) { try runQuietly("/bin/cp", [source, scratch + "/copy"]) }
            // The same durability a put gives: the copy's data on disk before returning (coreutils `sync FILE`).
            let copySynced = try measure(rounds, bytes) {
                try runQuietly("/bin/cp", [source, scratch + "/copy"])
                try runQuietly("/bin/sync", [scratch + "/copy"])
            }
            let residentBefore = ProcessMemory.resident
            ProcessMemory.resetPeak()
            let workerPut = try measure(rounds, bytes) { try worker.put(key: "object-\(size)", file: source) }
            let putPeak = ProcessMemory.peak
            ProcessMemory.resetPeak()
            let workerGet = try measure(rounds, bytes) { try worker.get(key: "object-\(size)", to: scratch + "/worker-out") }
            let getPeak = ProcessMemory.peak
            try runQuietly("/usr/bin/cmp", ["-s", source, scratch + "/worker-out"])
            memory.append("\(size) MiB: peak RSS \(putPeak >> 20) MiB during Worker puts, \(getPeak >> 20) MiB during gets (\(residentBefore >> 20) MiB before)")

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
                try runQuietly(executable, ["r2", "object", "put", "bench/cli", "--file", source] + common)
            }
            let cliGet = try measure(rounds, bytes) {
                try runQuietly(executable, ["r2", "object", "get", "bench/cli", "--file", scratch + "/cli-out"] + common)
            }
            print("| \(size) MiB | \(copy) | \(copySynced) | \(workerPut) | \(workerGet) | \(put) | \(getFile) | \(getRead) | \(cliPut) | \(cliGet) |")
            try? FileManager.default.removeItem(atPath: source)
        }
        await worker.stop()
        print("\nMiB/s, median of the rounds. A put fsyncs its data and folder and commits to SQLite; \"cp + sync\" fsyncs the copy, plain cp does not.")
        print("Worker columns: curl -T FILE (PUT) and curl -o FILE (GET) against the Worker served in this process on loopback, curl's start included.")
        print("CLI columns include starting the kiln process.")
        print("Memory of this process (the Worker's side):")
        for line in memory { print("- \(line)") }
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

/// Runs `executable` to completion, output discarded; a non-zero exit throws.
func runQuietly(_ executable: String, _ arguments: [String]) throws {
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

/// This process's resident memory from /proc (Linux), and its peak since the last `resetPeak()`.
enum ProcessMemory {
    static var resident: Int { field("VmRSS:") }
    static var peak: Int { field("VmHWM:") }

    /// Writing 5 to clear_refs resets the peak resident size (VmHWM) to the current one.
    static func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    private static func field(_ name: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes << 10
    }
}
