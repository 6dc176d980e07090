import ArgumentParser

/// `kiln bench …`: benchmarks that print a table (not timed tests).
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run Kiln's benchmarks.",
        subcommands: [BenchGpu.self]
    )
}
