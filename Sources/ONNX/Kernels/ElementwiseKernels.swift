/// Kernels of the elementwise ops: unary math, broadcasting binary ops and comparisons, variadic
/// Max/Min/Sum/Mean, Where, Cast, Clip, IsNaN/IsInf, and the views (Reshape & co.) that need no dispatch.
enum ElementwiseKernels {
    static func unary(_ context: KernelContext) throws -> KernelPlan {
        let x = try context.input(0)
        let op = context.node.opType
        guard let expression = UnaryOps.expressions[op] else { throw context.unsupported("no unary expression") }
        guard (op == "Not" ? x.type == .bool : x.type.isFloat) || (x.type.isInteger && UnaryOps.integerCapable.contains(op)) else {
            throw ONNXError.unsupportedType("node '\(context.node.name)' (\(op)) on \(x.type.rawValue)")
        }
        let body = "    let x = X[i];\n    Y[i] = \(try expression(context.attributes, x.type));"
        return single(count: x.count, [("X", x.type, false), ("Y", x.type, true)], body: body)
    }

    static func binary(_ context: KernelContext) throws -> KernelPlan {
        let a = try context.input(0)
        var b = try context.input(1)
        if let legacy = try ElementwiseShapes.legacyShape(context.shapes, a, b) { b.shape = legacy }
        let out = context.outputs[0]
        let op = context.node.opType
        var expression: String
        if let comparison = BinaryOps.comparisons[op] {
            expression = "u32(\(comparison))"
        } else if let arithmetic = BinaryOps.arithmetic[op] {
            expression = arithmetic(a.type)
            if op == "Mod", try context.attributes.int("fmod", default: 0) != 0 {
                expression = a.type.isFloat ? "a - b * trunc(a / b)" : "select(a % b, 0, b == 0)"
            }
            if ["And", "Or", "Xor"].contains(op) != (a.type == .bool) {
                throw ONNXError.unsupportedType("node '\(context.node.name)' (\(op)) on \(a.type.rawValue)")
            }
        } else {
            throw context.unsupported("no binary expression")
        }
        if op == "Pow", b.type != a.type {
            expression = a.type.isFloat ? "pow_signed(a, f32(b))" : "i32(pow_signed(f32(a), f32(b)))"
        } else if a.type != b.type {
            throw ONNXError.unsupportedType("node '\(context.node.name)' (\(op)) mixes \(a.type.rawValue) and \(b.type.rawValue)")
        }
        if a.type == .bool && BinaryOps.comparisons[op] != nil && op != "Equal" {
            throw ONNXError.unsupportedType("node '\(context.node.name)' (\(op)) on bool")
        }
        let body = """
            \(WGSL.coordinates("i", shape: out.shape))
            let a = A[\(WGSL.operandOffset(a.shape, outShape: out.shape))];
            let b = B[\(WGSL.operandOffset(b.shape, outShape: out.shape))];
            Y[i] = \(expression);
        """
        return single(count: out.count, [("A", a.type, false), ("B", b.type, false), ("Y", out.type, true)], body: body)
    }

    static func variadic(_ context: KernelContext) throws -> KernelPlan {
        let out = context.outputs[0]
        let inputs = try context.node.inputs.indices.map(context.input)
        guard inputs.count <= 6 else { throw context.unsupported("more than 6 inputs") }
        guard let combine = BinaryOps.variadic[context.node.opType], inputs.allSatisfy({ $0.type == out.type }) else {
            throw ONNXError.unsupportedType("node '\(context.node.name)' mixes element types")
        }
        var body = "    \(WGSL.coordinates("i", shape: out.shape))\n"
        for (index, input) in inputs.enumerated() {
            let load = "X\(index)[\(WGSL.operandOffset(input.shape, outShape: out.shape))]"
            body += index == 0 ? "    var a = \(load);\n" : "    { let b = \(load); a = \(combine); }\n"
        }
        if context.node.opType == "Mean" { body += "    a = a / \(Float(inputs.count));\n" }
        body += "    Y[i] = a;"
        let bindings = inputs.enumerated().map { ("X\($0.offset)", $0.element.type, false) } + [("Y", out.type, true)]
        return single(count: out.count, bindings, body: body)
    }

    static func whereKernel(_ context: KernelContext) throws -> KernelPlan {
        let (c, x, y) = (try context.input(0), try context.input(1), try context.input(2))
        let out = context.outputs[0]
        let body = """
            \(WGSL.coordinates("i", shape: out.shape))
            Y[i] = select(B[\(WGSL.operandOffset(y.shape, outShape: out.shape))], A[\(WGSL.operandOffset(x.shape, outShape: out.shape))], C[\(WGSL.operandOffset(c.shape, outShape: out.shape))] != 0u);
        """
        return single(count: out.count, [("C", .bool, false), ("A", x.type, false), ("B", y.type, false), ("Y", out.type, true)], body: body)
    }

    static func cast(_ context: KernelContext) throws -> KernelPlan {
        let x = try context.input(0)
        let out = context.outputs[0]
        let conversion: String
        switch (x.type, out.type) {
        case (.float16, .float16): conversion = "X[i]"
        case (_, .float16): conversion = "round_f16(f32(X[i]))"
        case (_, .bool): conversion = "u32(X[i] != \(x.type.isFloat ? "0.0" : x.type == .bool ? "0u" : "0"))"
        case (.float32, .int64), (.float32, .int32), (.float16, .int64), (.float16, .int32): conversion = "i32(trunc(X[i]))"
        default: conversion = "\(out.type.wgslType)(X[i])"
        }
        return single(count: x.count, [("X", x.type, false), ("Y", out.type, true)], body: "    Y[i] = \(conversion);",
                      prelude: WGSL.float16Rounding)
    }

    static func clip(_ context: KernelContext) throws -> KernelPlan {
        let x = try context.input(0)
        var low: Float = -.infinity, high: Float = .infinity
        if context.shapes.opset < 11 {
            low = try context.attributes.float("min", default: -.infinity)
            high = try context.attributes.float("max", default: .infinity)
        } else {
            if context.hasInput(1) { low = try bound(context, 1) }
            if context.hasInput(2) { high = try bound(context, 2) }
        }
        if x.type.isInteger {
            let lo = low.isFinite ? "\(Int32(clamping: Int64(low)))" : "-2147483647"
            let hi = high.isFinite ? "\(Int32(clamping: Int64(high)))" : "2147483647"
            return single(count: x.count, [("X", x.type, false), ("Y", x.type, true)], body: "    Y[i] = min(max(X[i], \(lo)), \(hi));")
        }
        let body = "    Y[i] = min(max(X[i], \(WGSL.literal(low))), \(WGSL.literal(high)));"
        return single(count: x.count, [("X", x.type, false), ("Y", x.type, true)], body: body)
    }

    private static func bound(_ context: KernelContext, _ index: Int) throws -> Float {
        guard let value = try context.shapes.constant(index)?.floats.first else { throw context.unsupported("empty clip bound") }
        return value
    }

    static func predicate(_ context: KernelContext) throws -> KernelPlan {
        let x = try context.input(0)
        guard x.type.isFloat else { throw ONNXError.unsupportedType("node '\(context.node.name)' on \(x.type.rawValue)") }
        let test: String
        if context.node.opType == "IsNaN" {
            test = "(bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u"
        } else {
            let positive = try context.attributes.int("detect_positive", default: 1) != 0
            let negative = try context.attributes.int("detect_negative", default: 1) != 0
            test = "(bitcast<u32>(x) == 0x7f800000u && \(positive)) || (bitcast<u32>(x) == 0xff800000u && \(negative))"
        }
        return single(count: x.count, [("X", x.type, false), ("Y", .bool, true)], body: "    let x = X[i];\n    Y[i] = u32(\(test));")
    }

    /// Dropout at inference copies X (a view) and reports an all-true mask when asked for one.
    static func dropout(_ context: KernelContext) throws -> KernelPlan {
        guard context.node.outputs.count > 1, !context.node.outputs[1].isEmpty else { return .view }
        let x = try context.input(0)
        return single(count: x.count, [("X", x.type, false), ("Y", x.type, true), ("M", .bool, true)],
                      body: "    Y[i] = X[i];\n    M[i] = 1u;", outputs: 2)
    }

    /// A one-dispatch plan binding inputs then outputs in the order given.
    static func single(count: Int, _ list: [(String, ElementType, Bool)], body: String, prelude: String = WGSL.mathPrelude, outputs: Int = 1) -> KernelPlan {
        let bindings = list.map { WGSL.Binding(name: $0.0, type: $0.1.wgslType, writable: $0.2) }
        let (source, groups) = WGSL.elementwise(count: count, bindings: bindings, prelude: prelude, body: body)
        let inputCount = list.count - outputs
        let refs = (0..<inputCount).map(BindingRef.input) + (0..<outputs).map(BindingRef.output)
        return KernelPlan(dispatches: count == 0 ? [] : [Dispatch(source: source, workgroups: groups, bindings: refs)])
    }
}
