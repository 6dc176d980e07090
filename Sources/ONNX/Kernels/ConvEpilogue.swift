/// What the CPU adapters' register-blocked conv kernels share after their multiply-adds: the bindings that
/// follow operands X and W, and the statement that finishes a vec4 accumulator and stores it.
enum ConvEpilogue {
    /// Appends the bias when the node has one (input 2), the residual its store adds when an Add was fused into
    /// it (input 3), and the output Y; `element` is the WGSL element type the kernel reads the residual and
    /// writes Y as. Returns whether there is a bias.
    static func appendBindings(to list: inout [WGSL.Binding], _ refs: inout [BindingRef], _ context: KernelContext,
                               element: String) -> Bool {
        let hasBias = context.hasInput(2)
        if hasBias {
            list.append(.init(name: "Bias", type: "f32", writable: false))
            refs.append(.input(2))
        }
        if context.node.fusesResidual {
            list.append(.init(name: "Residual", type: element, writable: false))
            refs.append(.input(3))
        }
        list.append(.init(name: "Y", type: element, writable: true))
        refs.append(.output(0))
        return hasBias
    }

    /// Where a vec4 of 4 neighbouring output pixels of one channel goes.
    enum QuadTarget {
        /// One aligned vec4 of Y (and of the residual) at this index.
        case vector(String)
        /// Scalars at `first + p`; pixel p > 0 only where the WGSL condition `inside(p)` holds.
        case scalars(first: String, inside: (Int) -> String)
    }

    /// The statement that adds the bias of output channel `channel` to `accumulator`, applies the fused activation
    /// (the kernel defines `act`: `FusedActivation.actFunction`) and the fused residual, and stores the result,
    /// only where all of `guards` hold.
    static func storeQuad(_ accumulator: String, channel: String, _ context: KernelContext, hasBias: Bool,
                          to target: QuadTarget, guards: [String]) -> String {
        var statement = "{ let oc = \(channel); var v = \(accumulator)\(hasBias ? " + vec4<f32>(Bias[oc])" : "");"
        statement += " v = vec4<f32>(act(v.x), act(v.y), act(v.z), act(v.w));"
        let residual = context.node.fusesResidual
        switch target {
        case .vector(let o):
            statement += residual ? " Y[\(o)] = v + Residual[\(o)]; }" : " Y[\(o)] = v; }"
        case .scalars(let first, let inside):
            for p in 0..<4 {
                let o = "\(first) + \(p)"
                let value = residual ? "v[\(p)] + Residual[\(o)]" : "v[\(p)]"
                statement += p == 0 ? " Y[\(o)] = \(value);" : " if (\(inside(p))) { Y[\(o)] = \(value); }"
            }
            statement += " }"
        }
        return guards.isEmpty ? statement : "if (\(guards.joined(separator: " && "))) \(statement)"
    }
}
