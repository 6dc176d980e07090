import ArgumentParser
import Foundation
import Storage

struct R2ObjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "object",
        abstract: "Put, get and delete objects in a local R2 bucket.",
        subcommands: [Put.self, Get.self, Delete.self]
    )

    struct Put: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Store a file as BUCKET/KEY.")
        @Argument(help: "BUCKET/KEY") var objectPath: String
        @Option(name: [.short, .long], help: "The file to upload (streamed; any size).") var file: String
        @Option(name: .customLong("content-type"), help: "Content-Type to store with the object.") var contentType: String?
        @Option(name: .customLong("content-disposition")) var contentDisposition: String?
        @Option(name: .customLong("content-encoding")) var contentEncoding: String?
        @Option(name: .customLong("content-language")) var contentLanguage: String?
        @Option(name: .customLong("cache-control")) var cacheControl: String?
        @OptionGroup var storage: R2StorageOptions

        func run() async throws {
            try await reportingErrors {
                try storage.requireLocal()
                let (bucketName, key) = try parseObjectPath(objectPath)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else {
                    throw R2CommandError("the file \(file) does not exist or is not a regular file")
                }
                let bucket = try R2Storage(stateDirectory: storage.stateDirectory).bucket(named: bucketName)
                let metadata = R2HTTPMetadata(contentType: contentType, contentLanguage: contentLanguage,
                                              contentDisposition: contentDisposition, contentEncoding: contentEncoding,
                                              cacheControl: cacheControl)
                print("Creating object \"\(key)\" in bucket \"\(bucketName)\".")
                let object = try bucket.put(key, contentsOfFile: file, options: R2PutOptions(httpMetadata: metadata))
                if let object { print("Upload complete: \(object.size) bytes, etag \(object.etag).") }
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Fetch BUCKET/KEY into a file or stdout.")
        @Argument(help: "BUCKET/KEY") var objectPath: String
        @Option(name: [.short, .long], help: "Where to write the object (default: the key's last path segment).") var file: String?
        @Flag(name: [.short, .long], help: "Write the object to stdout.") var pipe = false
        @OptionGroup var storage: R2StorageOptions

        func validate() throws {
            if pipe && file != nil { throw ValidationError("use either --file or --pipe, not both") }
        }

        func run() async throws {
            try await reportingErrors {
                try storage.requireLocal()
                let (bucketName, key) = try parseObjectPath(objectPath)
                let bucket = try R2Storage(stateDirectory: storage.stateDirectory).bucket(named: bucketName)
                guard case .body(let body)? = try bucket.get(key) else {
                    throw R2CommandError("the object \"\(key)\" does not exist in bucket \"\(bucketName)\"")
                }
                if pipe {
                    while let chunk = try body.read(maxLength: 4 << 20) { FileHandle.standardOutput.write(Data(chunk)) }
                } else {
                    let target = file ?? (key as NSString).lastPathComponent
                    FileHandle.standardError.write(Data("Downloading \"\(key)\" from \"\(bucketName)\" to \(target).\n".utf8))
                    try body.write(toFile: target)
                    FileHandle.standardError.write(Data("Download complete: \(body.object.size) bytes.\n".utf8))
                }
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete BUCKET/KEY.")
        @Argument(help: "BUCKET/KEY") var objectPath: String
        @OptionGroup var storage: R2StorageOptions

        func run() async throws {
            try await reportingErrors {
                try storage.requireLocal()
                let (bucketName, key) = try parseObjectPath(objectPath)
                let bucket = try R2Storage(stateDirectory: storage.stateDirectory).bucket(named: bucketName)
                print("Deleting object \"\(key)\" from bucket \"\(bucketName)\".")
                try bucket.delete(key)
                print("Delete complete.")
            }
        }
    }
}
