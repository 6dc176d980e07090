import JavaScript

/// The flag namespaces GPUBufferUsage, GPUMapMode, GPUShaderStage, GPUTextureUsage and GPUColorWrite
/// (WebGPU's `namespace … { const GPUFlagsConstant … }`): frozen-value globals with a Symbol.toStringTag.
enum GPUConstants {
    static let namespaces: [(name: String, constants: [(String, UInt32)])] = [
        ("GPUBufferUsage", [("MAP_READ", 0x0001), ("MAP_WRITE", 0x0002), ("COPY_SRC", 0x0004), ("COPY_DST", 0x0008),
                            ("INDEX", 0x0010), ("VERTEX", 0x0020), ("UNIFORM", 0x0040), ("STORAGE", 0x0080),
                            ("INDIRECT", 0x0100), ("QUERY_RESOLVE", 0x0200)]),
        ("GPUMapMode", [("READ", 0x0001), ("WRITE", 0x0002)]),
        ("GPUShaderStage", [("VERTEX", 0x1), ("FRAGMENT", 0x2), ("COMPUTE", 0x4)]),
        ("GPUTextureUsage", [("COPY_SRC", 0x01), ("COPY_DST", 0x02), ("TEXTURE_BINDING", 0x04),
                             ("STORAGE_BINDING", 0x08), ("RENDER_ATTACHMENT", 0x10)]),
        ("GPUColorWrite", [("RED", 0x1), ("GREEN", 0x2), ("BLUE", 0x4), ("ALPHA", 0x8), ("ALL", 0xF)]),
    ]

    static func install(_ ctx: JSContext) throws {
        let tag = try ctx.global.get("Symbol").get("toStringTag")
        let defineTag = try ctx.evaluate("(o, t, n) => Object.defineProperty(o, t, { value: n, configurable: true })")
        for namespace in namespaces {
            let object = ctx.object()
            for (name, value) in namespace.constants {
                try object.define(name, ctx.number(value), enumerable: true, writable: false, configurable: false)
            }
            _ = try defineTag.call([object, tag, ctx.string(namespace.name)])
            try ctx.global.define(namespace.name, object)
        }
    }
}
