/// The project's `compatibility_flags`, as the bindings layer asks about them.
/// Flags Kiln gives meaning to have named properties; any other flag is kept and can be asked for by name.
public struct CompatibilityFlags: Equatable, Sendable {
    public let names: Set<String>

    public init<S: Sequence>(_ names: S) where S.Element == String {
        self.names = Set(names)
    }

    public func contains(_ flag: String) -> Bool { names.contains(flag) }

    /// `experimental`: unlocks APIs that are not yet stable (WebGPU needs it).
    public var experimental: Bool { contains("experimental") }
    /// `webgpu`: `navigator.gpu` in Durable Objects (together with `experimental`).
    public var webgpu: Bool { contains("webgpu") }
    /// `nodejs_compat` (or `nodejs_compat_v2`): `node:` built-in modules.
    public var nodejsCompat: Bool { contains("nodejs_compat") || contains("nodejs_compat_v2") }
    /// WebGPU is offered only when both flags are set, as workerd requires.
    public var webgpuEnabled: Bool { experimental && webgpu }
}
