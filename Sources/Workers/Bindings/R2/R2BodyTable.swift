import Storage

/// Open object bodies of one isolate, by the number the JS `R2ObjectBody` holds. A body leaves the table
/// when fully read, cancelled, or read at once (`arrayBuffer()` and friends).
final class R2BodyTable: Sendable {
    private let handles = HandleTable<R2ObjectBody>()

    func add(_ body: R2ObjectBody) -> Int { handles.add(body) }

    func body(_ id: Int) throws -> R2ObjectBody {
        try handles.value(id, orThrow: R2BindingError.type("This R2 object body has already been read or cancelled"))
    }

    func close(_ id: Int) { handles.remove(id)?.close() }
}
