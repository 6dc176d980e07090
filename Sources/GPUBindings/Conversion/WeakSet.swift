/// A set of objects held weakly (Foundation's NSHashTable is not available on Linux).
struct WeakSet<Element: AnyObject> {
    private struct Weak {
        weak var object: Element?
    }

    private var entries: [ObjectIdentifier: Weak] = [:]

    mutating func add(_ object: Element) {
        entries = entries.filter { $0.value.object != nil }
        entries[ObjectIdentifier(object)] = Weak(object: object)
    }

    mutating func remove(_ object: Element) {
        entries[ObjectIdentifier(object)] = nil
    }

    var allObjects: [Element] { entries.values.compactMap(\.object) }
}
