/// The bindings that follow a 1×1 conv kernel's operands X and W: the bias when the node has one (input 2),
/// the residual its store adds when an Add was fused into it (input 3), and the output Y.
enum ConvEpilogueBindings {
    /// Appends them; `element` is the WGSL element type the kernel reads the residual and writes Y as.
    /// Returns whether there is a bias.
    static func append(to list: inout [WGSL.Binding], _ refs: inout [BindingRef], _ context: KernelContext,
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
}
