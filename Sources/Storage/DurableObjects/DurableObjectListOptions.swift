/// Options of `storage.list()`: keys from `start` (inclusive) or after `startAfter`, before `end`
/// (exclusive), under `prefix`, in UTF-8 byte order or `reverse`, at most `limit`.
public struct DurableObjectListOptions: Sendable {
    public var start: String?
    public var startAfter: String?
    public var end: String?
    public var prefix: String?
    public var reverse: Bool
    public var limit: Int?

    public init(start: String? = nil, startAfter: String? = nil, end: String? = nil, prefix: String? = nil,
                reverse: Bool = false, limit: Int? = nil) {
        self.start = start
        self.startAfter = startAfter
        self.end = end
        self.prefix = prefix
        self.reverse = reverse
        self.limit = limit
    }
}
