import ArgumentParser
import Foundation
import Storage

struct R2BucketCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bucket",
        abstract: "List local R2 buckets.",
        subcommands: [List.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the buckets in the local state folder.")
        @OptionGroup var storage: R2StorageOptions

        func run() async throws {
            try await reportingErrors {
                try storage.requireLocal()
                let names = R2Storage(stateDirectory: storage.stateDirectory).bucketNames()
                if names.isEmpty { FileHandle.standardError.write(Data("No buckets in \(storage.stateDirectory)/r2.\n".utf8)) }
                for name in names { print(name) }
            }
        }
    }
}
