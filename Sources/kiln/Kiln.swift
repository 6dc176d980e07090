import ArgumentParser

/// The `kiln` command line: serves Workers projects, manages local R2, runs ONNX models and benchmarks.
@main
struct Kiln: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiln",
        abstract: "A Workers runtime with WebGPU in Durable Objects.",
        subcommands: [
            DevCommand.self,
            Gpu.self,
            BenchCommand.self,
            R2Command.self,
            OnnxCommand.self,
        ]
    )
}
