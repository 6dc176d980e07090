import ArgumentParser

/// `kiln gpu …`: look at the GPU Kiln would use and run the seed's compute example on it.
struct Gpu: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gpu",
        abstract: "Inspect the WebGPU adapter and run a hello-world compute shader.",
        subcommands: [GpuInfo.self, GpuHello.self]
    )
}
