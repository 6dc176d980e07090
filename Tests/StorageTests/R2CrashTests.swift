import Foundation
import Testing
@testable import Storage

@Suite struct R2CrashTests {
    /// `kiln r2 object put` reads its file from a FIFO the test feeds; after 2 MiB the test SIGKILLs it.
    /// The previous version must read back intact, before and after reopening the bucket.
    @Test func putKilledMidWriteLeavesPreviousVersionIntact() throws {
        let kiln = try kilnExecutable()
        signal(SIGPIPE, SIG_IGN)
        let state = TemporaryDirectory()
        let bucket = try state.bucket("crash-bucket")
        let previous = patternBytes(1 << 20, seed: 7)
        try bucket.put("model.onnx", bytes: previous)

        let fifo = state.path + "/feed"
        #expect(mkfifo(fifo, 0o600) == 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: kiln)
        process.arguments = ["r2", "object", "put", "crash-bucket/model.onnx", "--local", "--file", fifo,
                             "--persist-to", state.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()

        // Open the FIFO without blocking forever if the child never opens its end.
        var writer: Int32 = -1
        let deadline = Date().addingTimeInterval(30)
        while writer < 0 && Date() < deadline && process.isRunning {
            writer = open(fifo, O_WRONLY | O_NONBLOCK)
            if writer < 0 { usleep(10_000) }
        }
        try #require(writer >= 0, "kiln never opened the FIFO")
        _ = fcntl(writer, F_SETFL, fcntl(writer, F_GETFL) & ~O_NONBLOCK)
        let replacement = patternBytes(2 << 20, seed: 8)
        let written = replacement.withUnsafeBytes { write(writer, $0.baseAddress!, $0.count) }
        #expect(written == replacement.count)
        // The child has consumed all but a pipe buffer of it: wait until its temp file shows the bytes.
        let temporary = bucket.directory + "/tmp"
        var partialSize = 0
        for _ in 0..<500 {
            partialSize = ((try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [])
                .compactMap { try? FileManager.default.attributesOfItem(atPath: temporary + "/" + $0)[.size] as? Int }.max() ?? 0
            if partialSize >= 1 << 20 { break }
            usleep(10_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        close(writer)
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(partialSize >= 1 << 20, "the put was not mid-write when killed")

        #expect(try bodyBytes(bucket.get("model.onnx")) == previous)
        let reopened = try R2Bucket(name: "crash-bucket", r2Directory: state.path + "/r2")
        #expect(try bodyBytes(reopened.get("model.onnx")) == previous)
        #expect(try reopened.head("model.onnx")?.etag == md5Hex(previous))
        #expect(try FileManager.default.contentsOfDirectory(atPath: bucket.directory + "/blobs").count == 1)
    }
}
