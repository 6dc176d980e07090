import JavaScript

/// What every WebGPU object's payload shares (GPUObjectBase): a writable `label`.
class GPUObjectImpl {
    var label: String

    init(label: String?) {
        self.label = label ?? ""
    }
}

extension NativeClassBuilder where Payload: GPUObjectImpl {
    /// GPUObjectBase's `attribute USVString label`.
    mutating func labelAttribute() {
        accessor("label", get: { ctx, object in ctx.string(object.label) }, set: { _, object, value in
            object.label = try WebIDLValues.string(value, "GPUObjectBase.label")
        })
    }
}
