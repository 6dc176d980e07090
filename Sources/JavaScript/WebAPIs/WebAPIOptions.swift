/// Per-isolate settings of the Web platform globals.
public struct WebAPIOptions: Sendable {
    /// Receives console output.
    public var console: ConsoleSink
    /// `navigator.userAgent`.
    public var userAgent: String
    /// Resolves relative URLs given to `new Request(...)`, `fetch(...)` and `Response.redirect(...)`;
    /// nil (the Workers behaviour) makes them a TypeError.
    public var baseURL: String?

    public init(console: @escaping ConsoleSink = ConsoleSinks.standardError,
                userAgent: String = "Kiln/0.1 (Cloudflare-Workers compatible)", baseURL: String? = nil) {
        self.console = console
        self.userAgent = userAgent
        self.baseURL = baseURL
    }
}
