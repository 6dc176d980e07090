/// Generates the WGSL of Kiln's fp32 SGEMM benchmark kernel, C = A × B (row-major, N × N).
///
/// Shape: a 16 × 16 workgroup computes a 128 × 128 tile of C; each invocation owns an 8 × 8 block held
/// in 16 `vec4` registers (rows ty*4..+3 and 64+ty*4..+3, columns tx*4..+3 and 64+tx*4..+3, a split
/// that keeps shared-memory reads conflict-free). Per step of `tileK` along K, A (stored transposed,
/// k-major) and B tiles are staged in workgroup memory with vec4 loads; the next tile's global loads are
/// issued before the current tile's FMAs so their latency hides behind the math. The inner loop is
/// unrolled here, in Swift, so every accumulator is a named register (WGSL has no unroll pragma and a
/// private array indexed in a loop may live in slow local memory).
///
/// Sizes must be multiples of 128. K and N are pipeline-overridable constants.
struct SgemmKernel {
    /// Depth of each K step: 8 or 16.
    let tileK: Int

    static let tile = 128
    static let workgroupSide = 16

    var wgsl: String {
        let vecPerTileRow = Self.tile / 4           // 32 vec4 per 128 floats
        let aLoads = Self.tile * tileK / 4 / 256    // vec4 of A each invocation loads per step
        let bLoads = tileK * vecPerTileRow / 256    // vec4 of B each invocation loads per step
        var s = """
        override K: u32;
        override N: u32;

        @group(0) @binding(0) var<storage, read> a: array<vec4<f32>>;
        @group(0) @binding(1) var<storage, read> b: array<vec4<f32>>;
        @group(0) @binding(2) var<storage, read_write> c: array<vec4<f32>>;

        var<workgroup> tileA: array<vec4<f32>, \(tileK * vecPerTileRow)>;
        var<workgroup> tileB: array<vec4<f32>, \(tileK * vecPerTileRow)>;

        @compute @workgroup_size(16, 16)
        fn main(@builtin(local_invocation_id) lid: vec3<u32>,
                @builtin(workgroup_id) wid: vec3<u32>,
                @builtin(local_invocation_index) t: u32) {
            let kv = K / 4u;
            let nv = N / 4u;
            let m0 = wid.y * \(Self.tile)u;
            let n0v = wid.x * \(vecPerTileRow)u;
            let tx = lid.x;
            let ty = lid.y;

        """
        // Global load coordinates: A tile is 128 rows × tileK/4 vec4, B tile is tileK rows × 32 vec4.
        let aVecPerRow = tileK / 4
        for i in 0..<aLoads {
            s += "    let aRow\(i) = (t + \(i * 256)u) / \(aVecPerRow)u;\n"
            s += "    let aCol\(i) = (t + \(i * 256)u) % \(aVecPerRow)u;\n"
            s += "    var aIndex\(i) = (m0 + aRow\(i)) * kv + aCol\(i);\n"
            s += "    var aNext\(i) = a[aIndex\(i)];\n"
        }
        for i in 0..<bLoads {
            s += "    let bRow\(i) = (t + \(i * 256)u) / \(vecPerTileRow)u;\n"
            s += "    let bCol\(i) = (t + \(i * 256)u) % \(vecPerTileRow)u;\n"
            s += "    var bIndex\(i) = bRow\(i) * nv + n0v + bCol\(i);\n"
            s += "    var bNext\(i) = b[bIndex\(i)];\n"
        }
        for r in 0..<8 { for h in 0..<2 { s += "    var acc\(r)\(h) = vec4<f32>(0.0);\n" } }
        s += "    for (var k0 = 0u; k0 < K; k0 += \(tileK)u) {\n"
        for i in 0..<aLoads {
            // Transpose A into k-major rows: element (row, k) goes to tileA[k][row].
            for component in 0..<4 {
                let lane = ["x", "y", "z", "w"][component]
                s += "        tileA[(aCol\(i) * 4u + \(component)u) * \(vecPerTileRow)u + aRow\(i) / 4u][aRow\(i) % 4u] = aNext\(i).\(lane);\n"
            }
        }
        for i in 0..<bLoads {
            s += "        tileB[bRow\(i) * \(vecPerTileRow)u + bCol\(i)] = bNext\(i);\n"
        }
        s += "        workgroupBarrier();\n"
        s += "        if (k0 + \(tileK)u < K) {\n"
        for i in 0..<aLoads {
            s += "            aIndex\(i) += \(aVecPerRow)u;\n            aNext\(i) = a[aIndex\(i)];\n"
        }
        for i in 0..<bLoads {
            s += "            bIndex\(i) += \(tileK)u * nv;\n            bNext\(i) = b[bIndex\(i)];\n"
        }
        s += "        }\n"
        for kk in 0..<tileK {
            s += "        {\n"
            s += "            let a0 = tileA[\(kk * vecPerTileRow)u + ty];\n"
            s += "            let a1 = tileA[\(kk * vecPerTileRow + 16)u + ty];\n"
            s += "            let b0 = tileB[\(kk * vecPerTileRow)u + tx];\n"
            s += "            let b1 = tileB[\(kk * vecPerTileRow + 16)u + tx];\n"
            for r in 0..<8 {
                let scalar = "a\(r / 4).\(["x", "y", "z", "w"][r % 4])"
                for h in 0..<2 {
                    s += "            acc\(r)\(h) = fma(vec4<f32>(\(scalar)), b\(h), acc\(r)\(h));\n"
                }
            }
            s += "        }\n"
        }
        s += "        workgroupBarrier();\n    }\n"
        for r in 0..<8 {
            let row = "m0 + \(r / 4 * 64 + r % 4)u + ty * 4u"
            for h in 0..<2 {
                s += "    c[(\(row)) * nv + n0v + tx + \(h * 16)u] = acc\(r)\(h);\n"
            }
        }
        s += "}\n"
        return s
    }
}
