/// Keeps exactly one live instance per Durable Object id. The first caller for an id starts the
/// construction; callers that arrive meanwhile wait for the same construction. A construction that throws
/// is not remembered: every waiter gets the error and the next call tries again, as workerd does.
public actor DurableObjectDirectory<Instance: Sendable> {
    private enum Slot {
        case constructing(Task<Instance, Error>)
        case live(Instance)
    }

    private var slots: [String: Slot] = [:]
    /// Bumped by `evictAll`, so a construction that finishes after an eviction is not kept.
    private var generation = 0

    public init() {}

    /// The live instance for `key`, constructing it with `make` when there is none.
    public func instance(for key: String, make: @escaping @Sendable () async throws -> Instance) async throws -> Instance {
        switch slots[key] {
        case .live(let instance):
            return instance
        case .constructing(let task):
            return try await task.value
        case nil:
            let task = Task { try await make() }
            let startedIn = generation
            slots[key] = .constructing(task)
            do {
                let instance = try await task.value
                if generation == startedIn { slots[key] = .live(instance) }
                return instance
            } catch {
                if generation == startedIn { slots[key] = nil }
                throw error
            }
        }
    }

    /// Forgets the live instance for `key` if `matches` says it is the one meant (an object that broke), so
    /// the next call constructs a new one.
    public func evict(_ key: String, where matches: (Instance) -> Bool) {
        if case .live(let instance) = slots[key], matches(instance) { slots[key] = nil }
    }

    /// Forgets every instance (live reload) and returns the live ones so the caller can shut them down.
    public func evictAll() -> [Instance] {
        generation += 1
        let live = slots.values.compactMap { slot -> Instance? in
            if case .live(let instance) = slot { return instance }
            return nil
        }
        slots.removeAll()
        return live
    }

    public var liveCount: Int {
        slots.values.filter { if case .live = $0 { return true } else { return false } }.count
    }
}
