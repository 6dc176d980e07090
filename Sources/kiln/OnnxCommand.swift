import ArgumentParser

/// `kiln onnx …`: inspect and run ONNX models on the GPU.
struct OnnxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onnx", abstract: "Inspect and run ONNX models on the GPU.",
        subcommands: [OnnxCheckCommand.self, OnnxRunCommand.self])
}
