import ArgumentParser

/// `kiln bench …`: benchmarks that compare Kiln with a reference in one run.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Run Kiln's benchmarks.", subcommands: [BenchHTTPCommand.self])
}
