/// Where a piece of JS runs, as workerd's `IoContext::current().getActor()` tells it:
/// a plain Worker, or a Durable Object with or without persistent storage.
public enum ExecutionContextKind: Equatable, Sendable {
    case worker
    case durableObject(className: String, id: String, hasStorage: Bool)

    public var isDurableObject: Bool {
        if case .durableObject = self { return true }
        return false
    }

    public var hasStorage: Bool {
        if case .durableObject(_, _, let hasStorage) = self { return hasStorage }
        return false
    }
}
