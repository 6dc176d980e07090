import Foundation
import Testing
@testable import Storage

/// `kiln r2 …` run as a subprocess, sharing its state folder with the engine.
@Suite struct R2CLITests {
    @Test func putGetPipeListDeleteRoundTrip() throws {
        let kiln = try kilnExecutable()
        let state = TemporaryDirectory()
        let source = state.path + "/model.onnx"
        let bytes = patternBytes(300_000, seed: 21)
        FileManager.default.createFile(atPath: source, contents: Data(bytes))
        let persist = ["--local", "--persist-to", state.path + "/state"]

        let put = try runProcess(kiln, ["r2", "object", "put", "model-bucket-dev/models/m.onnx", "--file", source,
                                        "--content-type", "application/onnx"] + persist)
        #expect(put.status == 0, "\(put.error)")
        // The engine sees what the CLI stored (shared layout with `kiln dev`).
        let bucket = try R2Storage(stateDirectory: state.path + "/state").bucket(named: "model-bucket-dev")
        #expect(try bucket.head("models/m.onnx")?.httpMetadata.contentType == "application/onnx")
        #expect(try bodyBytes(bucket.get("models/m.onnx")) == bytes)

        let target = state.path + "/out.onnx"
        let get = try runProcess(kiln, ["r2", "object", "get", "model-bucket-dev/models/m.onnx", "--file", target] + persist)
        #expect(get.status == 0, "\(get.error)")
        #expect(FileManager.default.contents(atPath: target) == Data(bytes))

        let pipe = Process()
        pipe.executableURL = URL(fileURLWithPath: kiln)
        pipe.arguments = ["r2", "object", "get", "model-bucket-dev/models/m.onnx", "--pipe"] + persist
        let output = Pipe()
        pipe.standardOutput = output
        try pipe.run()
        let piped = output.fileHandleForReading.readDataToEndOfFile()
        pipe.waitUntilExit()
        #expect(pipe.terminationStatus == 0 && piped == Data(bytes))

        let list = try runProcess(kiln, ["r2", "bucket", "list"] + persist)
        #expect(list.status == 0 && list.output == "model-bucket-dev\n")

        let delete = try runProcess(kiln, ["r2", "object", "delete", "model-bucket-dev/models/m.onnx"] + persist)
        #expect(delete.status == 0)
        #expect(try bucket.head("models/m.onnx") == nil)
        let missing = try runProcess(kiln, ["r2", "object", "get", "model-bucket-dev/models/m.onnx", "--file", target] + persist)
        #expect(missing.status == 1 && missing.error.contains("does not exist"))
    }

    @Test func defaultStateFolderIsDotKilnStateInTheCurrentDirectory() throws {
        let kiln = try kilnExecutable()
        let project = TemporaryDirectory()
        FileManager.default.createFile(atPath: project.path + "/f", contents: Data("hi".utf8))
        let put = try runProcess(kiln, ["r2", "object", "put", "my-bucket/f", "--local", "--file", "f"], directory: project.path)
        #expect(put.status == 0, "\(put.error)")
        #expect(FileManager.default.fileExists(atPath: project.path + "/.kiln/state/r2/my-bucket/metadata.sqlite"))
        let bucket = try R2Storage(stateDirectory: project.path + "/.kiln/state").bucket(named: "my-bucket")
        #expect(try bodyBytes(bucket.get("f")) == Array("hi".utf8))
    }

    @Test func badInputExitsNonZeroWithAClearMessageAndKeepsData() throws {
        let kiln = try kilnExecutable()
        let state = TemporaryDirectory()
        let persist = ["--persist-to", state.path + "/state"]
        let bucket = try R2Storage(stateDirectory: state.path + "/state").bucket(named: "keep-bucket")
        try bucket.put("k", bytes: [1, 2, 3])
        FileManager.default.createFile(atPath: state.path + "/f", contents: Data([9]))

        let remote = try runProcess(kiln, ["r2", "object", "put", "keep-bucket/k", "--file", state.path + "/f"] + persist)
        #expect(remote.status != 0 && remote.error.contains("--local") && remote.error.contains("only"))
        let noFile = try runProcess(kiln, ["r2", "object", "put", "keep-bucket/k", "--local", "--file", state.path + "/nope"] + persist)
        #expect(noFile.status == 1 && noFile.error.contains("does not exist"))
        let longKey = try runProcess(kiln, ["r2", "object", "put", "keep-bucket/" + String(repeating: "k", count: 1100), "--local",
                                            "--file", state.path + "/f"] + persist)
        #expect(longKey.status == 1 && longKey.error.contains("(10020)"))
        let badBucket = try runProcess(kiln, ["r2", "object", "put", "Bad_Bucket/k", "--local", "--file", state.path + "/f"] + persist)
        #expect(badBucket.status == 1 && badBucket.error.contains("bucket name"))
        let noKey = try runProcess(kiln, ["r2", "object", "delete", "keep-bucket", "--local"] + persist)
        #expect(noKey.status == 1 && noKey.error.contains("BUCKET/KEY"))
        #expect(try bodyBytes(bucket.get("k")) == [1, 2, 3])
    }
}
