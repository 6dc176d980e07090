/// Where `console.*` output goes. The host sets one per isolate; the default writes to standard error.
public enum ConsoleLevel: String, Sendable, CaseIterable {
    case log, info, warn, error, debug
}

/// Receives one formatted console message (possibly several lines) at a time, on the isolate's thread.
public typealias ConsoleSink = @Sendable (ConsoleLevel, String) -> Void

public enum ConsoleSinks {
    /// Writes `[level] message` lines to standard error.
    public static let standardError: ConsoleSink = { level, message in
        var stream = StandardErrorStream()
        print(level == .log ? message : "[\(level.rawValue)] \(message)", to: &stream)
    }
}

private struct StandardErrorStream: TextOutputStream {
    mutating func write(_ string: String) {
        var s = string
        s.withUTF8 { bytes in _ = fwrite(bytes.baseAddress, 1, bytes.count, stderr) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
