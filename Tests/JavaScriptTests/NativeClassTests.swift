import Foundation
import JavaScript
import Testing

private class Shape {
    var label: String
    init(label: String) { self.label = label }
}

private final class Circle: Shape {
    let radius: Double
    let onDeinit: Flag?
    init(radius: Double, onDeinit: Flag? = nil) {
        self.radius = radius
        self.onDeinit = onDeinit
        super.init(label: "circle")
    }
    deinit { onDeinit?.raise() }
}

@Suite struct NativeClassTests {
    private func defineShapes(_ ctx: JSContext) throws -> (NativeClass<Shape>, NativeClass<Circle>) {
        let shape = try ctx.defineClass("Shape", payload: Shape.self) { b in
            b.accessor("label", get: { ctx, shape in ctx.string(shape.label) },
                       set: { _, shape, value in shape.label = try value.toString() })
            b.method("describe") { ctx, shape, _ in ctx.string("shape \(shape.label)") }
            b.staticValue("SIDES_UNKNOWN", ctx.number(-1))
        }
        let circle = try ctx.defineClass("Circle", payload: Circle.self, parent: shape) { b in
            b.constructor(length: 1) { _, args in
                let radius = try args[0].toDouble()
                guard radius >= 0 else { throw JSError.rangeError("radius must not be negative") }
                return Circle(radius: radius)
            }
            b.getter("area") { ctx, circle in ctx.number(Double.pi * circle.radius * circle.radius) }
            b.method("scaled", length: 1) { ctx, circle, args in
                ctx.number(circle.radius * (try args[0].toDouble()))
            }
            b.staticMethod("unit") { ctx, _, _ in try ctx.global.get("Circle").construct([ctx.number(1)]) }
            b.value("KIND", ctx.string("round"))
        }
        return (shape, circle)
    }

    @Test func constructorsMethodsAccessorsAndStatics() async throws {
        try await withIsolate { isolate throws in
            let result = try await isolate.run { ctx throws in
                _ = try defineShapes(ctx)
                return try ctx.evaluate("""
                    const c = new Circle(2);
                    c.label = "ring";
                    [c.scaled(3), c.area.toFixed(2), c.label, c.describe(), c.KIND, Circle.unit().scaled(5),
                     Circle.SIDES_UNKNOWN, Circle.name, Circle.length, String(c), c instanceof Circle,
                     c instanceof Shape, Object.getPrototypeOf(Circle) === Shape,
                     Object.keys(Circle.prototype).sort().join("+")].join()
                    """).toString()
            }
            #expect(result == "6,12.57,ring,shape ring,round,5,-1,Circle,1,[object Circle],true,true,true,"
                    + "KIND+area+scaled")
        }
    }

    @Test func misuseThrowsTypeErrors() async throws {
        try await withIsolate { isolate throws in
            let result = try await isolate.run { ctx throws in
                _ = try defineShapes(ctx)
                return try ctx.evaluate("""
                    const attempt = f => { try { f(); return "ok" } catch (e) { return e.name + ": " + e.message } };
                    [attempt(() => new Shape()),
                     attempt(() => Circle(1)).split(":")[0],
                     attempt(() => Circle.prototype.scaled.call({}, 2)),
                     attempt(() => new Circle(-1)),
                     attempt(() => Object.getOwnPropertyDescriptor(Circle.prototype, "area").get.call(new Date()))
                    ].join(" | ")
                    """).toString()
            }
            #expect(result == "TypeError: Illegal constructor | TypeError | "
                    + "TypeError: Illegal invocation: receiver is not a Circle | RangeError: radius must not be negative | "
                    + "TypeError: Illegal invocation: receiver is not a Circle")
        }
    }

    @Test func jsSubclassesAndWrappedInstances() async throws {
        try await withIsolate { isolate throws in
            try await isolate.run { ctx throws in
                let (shape, circle) = try defineShapes(ctx)
                let result = try ctx.evaluate("""
                    class Wheel extends Circle { constructor() { super(10); this.spokes = 12; } spin() { return this.spokes; } }
                    const w = new Wheel();
                    [w.spin(), w.scaled(2), w instanceof Wheel, w instanceof Circle, Object.prototype.toString.call(w)].join()
                    """).toString()
                #expect(result == "12,20,true,true,[object Circle]")
                let wrapped = circle.wrap(Circle(radius: 3))
                #expect(try wrapped.callMethod("scaled", [ctx.number(2)]).toDouble() == 6)
                #expect(circle.payload(of: wrapped)?.radius == 3)
                #expect(shape.payload(of: wrapped)?.label == "circle")
                #expect(circle.payload(of: ctx.object()) == nil)
                #expect(throws: JSError.self) { try circle.unwrap(ctx.number(1), "argument 1") }
                let wheel = try ctx.evaluate("w")
                #expect(circle.payload(of: wheel)?.radius == 10)
            }
        }
    }

    @Test func payloadIsReleasedWhenCollected() async throws {
        let released = Flag()
        try await withIsolate { isolate throws in
            try await isolate.run { ctx throws in
                let (_, circle) = try defineShapes(ctx)
                _ = circle.wrap(Circle(radius: 1, onDeinit: released))
            }
            // Garbage is collected at teardown at the latest; collect explicitly to see it while running.
            for _ in 0..<5 where !released.isRaised {
                try await isolate.run { ctx throws in
                    try ctx.evaluate("for (let i = 0; i < 1e5; i++) ({ i })")
                    ctx.collectGarbage()
                }
            }
        }
        #expect(released.isRaised)
    }
}
