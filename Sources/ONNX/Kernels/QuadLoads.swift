/// How CPU adapters' kernels read arrays of vec4<f32> (pixel quads, rows of weights).
///
/// lavapipe loads from storage one lane and one component at a time, and a 64-bit component costs little
/// more than a 32-bit one, so where the device has `shader-int64` such arrays are bound as `vec2<u64>` and
/// each element is split into its four f32s (`quad`): on lavapipe 22.3 a vec2<u64> read this way cost 70–87%
/// of a vec4<f32> (`Benchmarks/lavapipe/primitives.py`), and EfficientNet-Lite0 ran ~5% faster at batch 1 and
/// ~13% at batch 16 (BENCHMARKS.md, 2026-11-22).
struct QuadLoads {
    /// The device has `shader-int64`.
    let int64: Bool

    /// The element type of a bound array of quads.
    var elementType: String { int64 ? "vec2<u64>" : "vec4<f32>" }

    /// A quad as vec4<f32>, from an element expression such as `X[i]`.
    func load(_ element: String) -> String { int64 ? "quad(\(element))" : element }

    /// The WGSL function `load` calls (empty where it calls none).
    var function: String {
        guard int64 else { return "" }
        return """
        fn quad(v: vec2<u64>) -> vec4<f32> {
            return vec4<f32>(bitcast<f32>(u32(v.x)), bitcast<f32>(u32(v.x >> 32u)), bitcast<f32>(u32(v.y)), bitcast<f32>(u32(v.y >> 32u)));
        }
        """
    }
}
