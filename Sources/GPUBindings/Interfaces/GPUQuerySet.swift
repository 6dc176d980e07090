import JavaScript
import WebGPU

/// GPUQuerySet (WebGPU §20.1): `type`, `count`, `destroy()`.
final class GPUQuerySetImpl: GPUObjectImpl {
    let querySet: QuerySet
    let device: GPUDeviceImpl

    init(_ querySet: QuerySet, device: GPUDeviceImpl, label: String?) {
        self.querySet = querySet
        self.device = device
        super.init(label: label)
    }
}

extension GPURegistry {
    func createQuerySet(_ device: GPUDeviceImpl, _ args: JSArguments) throws -> JSValue {
        let context = "Failed to execute 'createQuerySet' on 'GPUDevice'"
        if args.isEmpty { throw JSError.typeError("\(context): 1 argument required, but only 0 present.") }
        let d = try WebIDLDictionary(args[0], name: "GPUQuerySetDescriptor", context: context)
        let label = try d.string("label")
        let type = try WebIDLValues.enumeration(d.required("type"), QueryType.self, idlName: "GPUQueryType", d.member("type"))
        let count = try WebIDLNumbers.unsignedLong(d.required("count"), d.member("count"))
        let created = device.device.createQuerySet(type: type, count: count, label: label)
        return querySet.wrap(GPUQuerySetImpl(created, device: device, label: label))
    }

    func defineGPUQuerySet(_ ctx: JSContext) throws -> NativeClass<GPUQuerySetImpl> {
        try ctx.defineClass("GPUQuerySet", payload: GPUQuerySetImpl.self) { b in
            b.labelAttribute()
            b.getter("type") { ctx, set in ctx.string(set.querySet.type.rawValue) }
            b.getter("count") { ctx, set in ctx.number(set.querySet.count) }
            b.method("destroy") { ctx, set, _ in
                set.querySet.destroy()
                return ctx.undefined
            }
        }
    }
}
