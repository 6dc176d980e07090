/// Depthwise convolution (one filter per channel): each invocation computes a tile of outputs of one
/// channel, loading the input patch under the tile once into registers and reusing every loaded value
/// for all the outputs whose window covers it (a 4×4 tile of a 3×3 stride-1 conv loads 36 values for
/// 144 multiply-adds instead of 144); CPU adapters take tiles of up to 8×8 where that loads less (`cpuTile`),
/// and where the planes' widths are multiples of 4 they load and store rows of aligned vec4s (`vectorTile`).
/// On CPU adapters the channel comes from the grid, so a channel's weights and bias are the same for every
/// invocation of a workgroup and are loaded once per subgroup (see `loaders`; devices without subgroups run
/// the `portable` form, each invocation loading them). On GPUs, and on CPU adapters where a plane has fewer
/// tiles than a subgroup has lanes, the (image, channel, tile) triples are laid out flat instead, 64 to a
/// workgroup: small maps (7×7 has 4 tiles of 4×4) would otherwise leave most of every warp idle.
enum DepthwiseConvKernel {
    static func plan(_ context: KernelContext, _ g: WindowGeometry) -> KernelPlan {
        var dispatch = self.dispatch(context, g, subgroups: context.cpuAdapter)
        if context.cpuAdapter {
            let portable = self.dispatch(context, g, subgroups: false)
            dispatch.portable = .init(portable)
        }
        return KernelPlan(dispatches: [dispatch])
    }

    /// Lanes of a subgroup that load a channel's weights together on CPU adapters (every subgroup has at
    /// least 4): lavapipe loads a storage value lane by lane, so 25 weights cost 25 loads × 8 lanes when
    /// every invocation loads them, and 7 loads × 4 lanes when lanes 0–3 each load a quarter and the others
    /// take them with `subgroupBroadcast` (one shuffle each).
    static let loaders = 4

    /// Tiles of CPU adapters' vector rows: output rows × columns (8 columns where the width allows, else 4).
    /// lavapipe loads a vec4 for about 40% of what 4 scalar loads cost, so a 4×8 tile of a 3×3 stride-1 conv
    /// reads its 6×10 patch as 24 vec4s for 32 outputs instead of 4×4 tiles' 36 scalars for 16. On EfficientNet-Lite0's
    /// 3×3 layers on 112×112 and 56×56 maps this ran ~20% faster than scalar tiles, and 4×8 faster than 8×8 or
    /// 4×4 (paired runs in one process, 2026-11-22); its 5×5 layers ran no faster than with 7×7 scalar tiles.
    static let vectorTile = (height: 4, width: 8)

    /// A tile side for CPU adapters: lavapipe's cost is the values a kernel loads, and a t×t tile of a
    /// k×k stride-1 conv loads (t + k - 1)² for t² outputs, so larger tiles load less per output (8×8 of a
    /// 5×5: 2.25 per output, 4×4: 4); among 8 down to 4, the side that wastes the fewest clamped outputs
    /// (7 for 14 and 28, 8 for 56 and 112). On EfficientNet's 7×7 maps this ran 2.5× faster than 4×4 tiles.
    static func cpuTile(_ size: Int) -> Int {
        guard size > 8 else { return size }
        return (4...8).reversed().min { ($0 - size % $0) % $0 < ($1 - size % $1) % $1 } ?? 8
    }

    /// - Parameter subgroups: share the channel's weights and bias across the subgroup (CPU layout only).
    private static func dispatch(_ context: KernelContext, _ g: WindowGeometry, subgroups: Bool) -> Dispatch {
        let (oh, ow, ih, iw) = (g.output[0], g.output[1], g.input[0], g.input[1])
        let (kh, kw) = (g.kernel[0], g.kernel[1])
        let (sh, sw) = (g.strides[0], g.strides[1])
        let (dh, dw) = (g.dilations[0], g.dilations[1])
        // Larger tiles on CPU adapters where they measured faster on lavapipe (5×5 kernels, maps up to 14×14;
        // 3×3 kernels on larger maps ran no faster with 8×8 tiles than with 4×4).
        let largeTiles = context.cpuAdapter && (kh * kw >= 25 || oh * ow <= 196)
        // Rows of whole vec4s (`vectorTile`) where the planes' widths allow aligned vec4 accesses and the
        // scalar tiles would be 4×4 (the large tiles of 5×5 kernels load as little per output).
        let vectorRows = context.cpuAdapter && !largeTiles && iw % 4 == 0 && ow % 4 == 0 && oh >= vectorTile.height
        let (th, tw) = vectorRows ? (vectorTile.height, ow % vectorTile.width == 0 ? vectorTile.width : 4)
            : largeTiles ? (cpuTile(oh), cpuTile(ow)) : (min(4, oh), min(4, ow))
        // The input patch under a th×tw tile of outputs.
        let (ph, pw) = ((th - 1) * sh + (kh - 1) * dh + 1, (tw - 1) * sw + (kw - 1) * dw + 1)
        let (tilesY, tilesX) = ((oh + th - 1) / th, (ow + tw - 1) / tw)
        let tiles = tilesY * tilesX
        let lanes = min(64, (tiles + 7) / 8 * 8)
        // A plane with fewer tiles than a subgroup has lanes would leave most lanes idle: lay out
        // (image, channel, tile) flat, each invocation loading its own channel's weights.
        let flat = !context.cpuAdapter || (tiles < 8 && !vectorRows)
        let subgroups = subgroups && !flat
        var lines: [String] = []
        let taps = kh * kw
        if subgroups {
            // Lane l loads taps l, l + 4, l + 8...; lanes 4 and up skip the loads (and lavapipe their lanes).
            for j in 0..<(taps + loaders - 1) / loaders {
                lines.append("var t\(j) = 0.0; if (lane < \(min(loaders, taps - j * loaders))) { t\(j) = W[c * \(taps) + \(j * loaders) + lane]; }")
            }
        }
        for ky in 0..<kh {
            for kx in 0..<kw {
                let tap = ky * kw + kx
                lines.append(subgroups ? "let w\(ky)_\(kx) = subgroupBroadcast(t\(tap / loaders), \(tap % loaders)u);"
                                       : "let w\(ky)_\(kx) = W[c * \(taps) + \(tap)];")
            }
        }
        if subgroups && context.hasInput(2) {
            lines.append("var ownBias = 0.0; if (lane == 0) { ownBias = Bias[c]; }")
            lines.append("let bias = subgroupBroadcast(ownBias, 0u);")
        }
        // Patch column px is input column x0 + px; with vector rows, x0 + padBegin is a multiple of 4 and
        // column x0 + px is component (px - pad) mod 4 of the row's vec4 at xq + floor((px - pad) / 4).
        let pad = g.padBegin[1]
        func vectorColumn(_ px: Int) -> (index: Int, component: Int) {
            let offset = px - pad
            let index = offset >= 0 ? offset / 4 : -((3 - offset) / 4)
            return (index, offset - 4 * index)
        }
        let rowLength = vectorRows ? iw / 4 : iw
        for py in 0..<ph {
            lines.append("let iy\(py) = y0 + \(py);")
            lines.append("let r\(py) = base + clamp(iy\(py), 0, \(ih - 1)) * \(rowLength);")
            lines.append("let in\(py) = iy\(py) >= 0 && iy\(py) < \(ih);")
            if vectorRows {
                let quads = vectorColumn(0).index...vectorColumn(pw - 1).index
                for j in quads {
                    let name = "q\(py)_\(j - quads.lowerBound)"
                    lines.append("let \(name) = select(vec4<f32>(0.0), \(context.quads.load("X[r\(py) + clamp(xq + \(j), 0, \(rowLength - 1))]")), in\(py) && xq + \(j) >= 0 && xq + \(j) < \(rowLength));")
                }
                for px in 0..<pw {
                    let (index, component) = vectorColumn(px)
                    lines.append("let p\(py)_\(px) = q\(py)_\(index - quads.lowerBound)[\(component)];")
                }
            } else {
                for px in 0..<pw {
                    lines.append("let p\(py)_\(px) = select(0.0, X[r\(py) + clamp(x0 + \(px), 0, \(iw - 1))], in\(py) && x0 + \(px) >= 0 && x0 + \(px) < \(iw));")
                }
            }
        }
        let bias = context.hasInput(2) ? (subgroups ? "bias" : "Bias[c]") : "0.0"
        /// Output (ty, tx) of the tile before its activation.
        func sum(_ ty: Int, _ tx: Int) -> String {
            var terms: [String] = []
            for ky in 0..<kh {
                for kx in 0..<kw { terms.append("p\(ty * sh + ky * dh)_\(tx * sw + kx * dw) * w\(ky)_\(kx)") }
            }
            return "\(bias) + \(terms.joined(separator: " + "))"
        }
        for ty in 0..<th {
            if vectorRows {
                // Whole vec4s of a row (ow is a multiple of the tile width): only rows past the end are skipped.
                for quad in 0..<tw / 4 {
                    let values = (0..<4).map { "act(\(sum(ty, quad * 4 + $0)))" }.joined(separator: ",\n        ")
                    lines.append("""
                    if (\(subgroups ? "inRange && " : "")oy0 + \(ty) < \(oh)) {
                        Y[(outBase + (oy0 + \(ty)) * \(ow) + ox0) / 4 + \(quad)] = vec4<f32>(\(values));
                    }
                    """)
                }
                continue
            }
            for tx in 0..<tw {
                lines.append("""
                if (\(subgroups ? "inRange && " : "")oy0 + \(ty) < \(oh) && ox0 + \(tx) < \(ow)) {
                    Y[outBase + (oy0 + \(ty)) * \(ow) + ox0 + \(tx)] = act(\(sum(ty, tx)));
                }
                """)
            }
        }
        let element = vectorRows ? "vec4<f32>" : "f32"
        var list: [WGSL.Binding] = [.init(name: "X", type: vectorRows ? context.quads.elementType : "f32", writable: false),
                                    .init(name: "W", type: "f32", writable: false)]
        var refs: [BindingRef] = [.input(0), .input(1)]
        if context.hasInput(2) {
            list.append(.init(name: "Bias", type: "f32", writable: false))
            refs.append(.input(2))
        }
        list.append(.init(name: "Y", type: element, writable: true))
        refs.append(.output(0))
        let total = g.batch * g.channels * tiles
        let flatGroups = (total + 63) / 64
        let flatX = min(flatGroups, WGSL.maxGroupsX)
        // Which output tile of which plane this invocation computes.
        let position = flat ? """
            let i = min(i32(gid.x + gid.y * \(flatX * 64)u), \(total - 1));
            let plane = i / \(tiles);
            let c = plane % \(g.channels);
            let tile = i % \(tiles);
            """ : """
            let c = i32(group.y);
            let plane = i32(group.z) * \(g.channels) + c;
            let tile = min(i32(gid.x), \(tiles - 1));
            """
        // Lanes past the last tile return, except where they load weights for the others: then they
        // compute their clamped tile again and store nothing.
        let exit = flat ? "if (i32(gid.x + gid.y * \(flatX * 64)u) >= \(total)) { return; }"
            : subgroups ? "let inRange = i32(gid.x) < \(tiles);" : "if (i32(gid.x) >= \(tiles)) { return; }"
        let source = """
        \(WGSL.bindings(list))
        \(context.node.fusedActivation.actFunction)
        \(vectorRows ? context.quads.function : "")

        @compute @workgroup_size(\(flat ? 64 : lanes))
        fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(workgroup_id) group: vec3<u32>\(subgroups ? ", @builtin(subgroup_invocation_id) subgroupLane: u32" : "")) {
            \(position)
            \(subgroups ? "let lane = i32(subgroupLane);" : "")
            let oy0 = (tile / \(tilesX)) * \(th);
            let ox0 = (tile % \(tilesX)) * \(tw);
            let y0 = oy0 * \(sh) - \(g.padBegin[0]);
            let x0 = ox0 * \(sw) - \(g.padBegin[1]);
            let base = plane * \(ih * rowLength);
            let outBase = plane * \(oh * ow);
            \(vectorRows ? "let xq = (ox0 * \(sw)) / 4;" : "")
            \(exit)
            \(lines.joined(separator: "\n    "))
        }
        """
        let groups = flat ? (flatX, (flatGroups + flatX - 1) / flatX, 1) : ((tiles + lanes - 1) / lanes, g.channels, g.batch)
        return Dispatch(source: source, workgroups: groups, bindings: refs, kind: "depthwise\(kh)x\(kw)s\(sh)\(vectorRows ? "-rows\(th)x\(tw)" : "")")
    }
}
