import JavaScript
import WebGPU

/// WebIDL conversions of the GPU dictionaries that do not name other GPU objects (those that do are converted
/// next to the interface that takes them, where the registry can unwrap the objects).
enum GPUDescriptors {
    /// GPUBindGroupLayoutEntry: `binding`, `visibility` and exactly one binding kind. Compute has no textures, so
    /// texture kinds are refused with a TypeError naming the member.
    static func bindGroupLayoutEntry(_ value: JSValue, _ what: String) throws -> BindGroupLayoutEntry {
        let entry = try WebIDLDictionary(value, name: "GPUBindGroupLayoutEntry", context: what)
        let binding = try WebIDLNumbers.unsignedLong(entry.required("binding"), entry.member("binding"))
        let visibility = try WebIDLNumbers.unsignedLong(entry.required("visibility"), entry.member("visibility"))
        let stages = ShaderStage(rawValue: UInt64(visibility))
        for unsupported in ["texture", "storageTexture", "externalTexture"] {
            guard try entry.optional(unsupported) != nil else { continue }
            throw JSError.typeError("\(entry.member(unsupported)): texture bindings are not supported (Kiln implements WebGPU's compute subset).")
        }
        let bufferLayout = try entry.optional("buffer")
        let samplerLayout = try entry.optional("sampler")
        if let bufferLayout, samplerLayout == nil {
            let layout = try WebIDLDictionary(bufferLayout, name: "GPUBufferBindingLayout", context: entry.member("buffer"))
            return BindGroupLayoutEntry(binding: binding, visibility: stages, .buffer(
                type: try layout.enumeration("type", BufferBindingType.self, idlName: "GPUBufferBindingType") ?? .uniform,
                hasDynamicOffset: try layout.bool("hasDynamicOffset") ?? false,
                minBindingSize: try layout.u64("minBindingSize") ?? 0))
        }
        if let samplerLayout, bufferLayout == nil {
            let layout = try WebIDLDictionary(samplerLayout, name: "GPUSamplerBindingLayout", context: entry.member("sampler"))
            return BindGroupLayoutEntry(binding: binding, visibility: stages, .sampler(
                type: try layout.enumeration("type", SamplerBindingType.self, idlName: "GPUSamplerBindingType") ?? .filtering))
        }
        throw JSError.typeError("\(what): a GPUBindGroupLayoutEntry needs exactly one of 'buffer' or 'sampler'.")
    }

    static func sampler(_ value: JSValue, _ context: String) throws -> SamplerDescriptor {
        let d = try WebIDLDictionary(value, name: "GPUSamplerDescriptor", context: context)
        var descriptor = SamplerDescriptor(label: try d.string("label"))
        let address = { (key: String) in try d.enumeration(key, AddressMode.self, idlName: "GPUAddressMode") }
        let filter = { (key: String) in try d.enumeration(key, FilterMode.self, idlName: "GPUFilterMode") }
        descriptor.addressModeU = try address("addressModeU") ?? .clampToEdge
        descriptor.addressModeV = try address("addressModeV") ?? .clampToEdge
        descriptor.addressModeW = try address("addressModeW") ?? .clampToEdge
        descriptor.magFilter = try filter("magFilter") ?? .nearest
        descriptor.minFilter = try filter("minFilter") ?? .nearest
        descriptor.mipmapFilter = try d.enumeration("mipmapFilter", FilterMode.self, idlName: "GPUMipmapFilterMode") ?? .nearest
        descriptor.lodMinClamp = try d.optional("lodMinClamp").map { try WebIDLNumbers.float($0, d.member("lodMinClamp")) } ?? 0
        descriptor.lodMaxClamp = try d.optional("lodMaxClamp").map { try WebIDLNumbers.float($0, d.member("lodMaxClamp")) } ?? 32
        descriptor.compare = try d.enumeration("compare", CompareFunction.self, idlName: "GPUCompareFunction")
        descriptor.maxAnisotropy = try d.optional("maxAnisotropy").map {
            try WebIDLNumbers.clampedUnsignedShort($0, d.member("maxAnisotropy"))
        } ?? 1
        return descriptor
    }
}
