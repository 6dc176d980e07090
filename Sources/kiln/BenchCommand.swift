import ArgumentParser

/// `kiln bench …`: benchmarks that compare Kiln with a named peer in one run and print a table (not timed tests).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run Kiln's benchmarks.",
        subcommands: [BenchGpu.self, BenchJSCommand.self, BenchHTTPCommand.self, BenchWebGPUJSCommand.self, BenchOnnxCommand.self, BenchR2Command.self]
    )
}
