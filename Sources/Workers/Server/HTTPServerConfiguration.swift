/// Where and how `kiln dev` listens.
public struct HTTPServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port (tests); the chosen one is reported once the server runs.
    public var port: Int
    /// Request bodies larger than this are answered 413 before any JS runs.
    public var bodyLimit: Int
    /// Receives one line per request (`[kiln] GET / 200 OK (3ms)`); nil writes no request log.
    public var log: (@Sendable (String) -> Void)?

    public static let defaultPort = 8787
    public static let defaultBodyLimit = 100 << 20

    public init(host: String = "127.0.0.1", port: Int = defaultPort, bodyLimit: Int = defaultBodyLimit,
                log: (@Sendable (String) -> Void)? = { print($0) }) {
        self.host = host
        self.port = port
        self.bodyLimit = bodyLimit
        self.log = log
    }
}
