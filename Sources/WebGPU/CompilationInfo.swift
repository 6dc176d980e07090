import Foundation

/// Messages from compiling a shader module (`GPUCompilationInfo`).
public struct CompilationInfo: Sendable, Equatable {
    public let messages: [CompilationMessage]

    public var hasErrors: Bool { messages.contains { $0.type == .error } }
}

/// One compiler message with its position in the WGSL source (`GPUCompilationMessage`).
/// Lines and columns start at 1; 0 means wgpu gave no position. Offset and length are in UTF-8 bytes.
public struct CompilationMessage: Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public let type: CompilationMessageType
    public let lineNum: UInt64
    public let linePos: UInt64
    public let offset: UInt64
    public let length: UInt64

    private nonisolated(unsafe) static let position = try! Regex(#"wgsl:(\d+):(\d+)"#, as: (Substring, Substring, Substring).self)
    private nonisolated(unsafe) static let carets = try! Regex(#"\^+"#, as: Substring.self)

    public var description: String { "\(lineNum):\(linePos): \(type.rawValue): \(message)" }

    /// Builds a message from a wgpu shader error. wgpu-native does not implement
    /// `wgpuShaderModuleGetCompilationInfo`, but its error text carries the position in codespan's
    /// "wgsl:LINE:COLUMN" form; that is turned back into line, column and byte offset in `source`.
    init(wgpuError text: String, source: String) {
        message = text
        type = .error
        guard let match = text.firstMatch(of: Self.position),
              let line = UInt64(match.1), let column = UInt64(match.2) else {
            lineNum = 0
            linePos = 0
            offset = 0
            length = 0
            return
        }
        lineNum = line
        linePos = column
        let lines = source.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let lineStart = lines.prefix(Int(line) - 1).reduce(0) { $0 + $1.count + 1 }
        offset = UInt64(lineStart) + column - 1
        // The caret underline ("^^^") below the source line gives the length of the span.
        length = text.firstMatch(of: Self.carets).map { UInt64($0.output.count) } ?? 0
    }
}
