// performance (High Resolution Time): now() is monotonic milliseconds since the isolate started.
const { expose, shapeInterface } = kiln.internal;
const native = kiln.native;
const constructing = Symbol("Performance constructing");

class Performance extends EventTarget {
  constructor(key) {
    if (key !== constructing) throw new TypeError("Illegal constructor");
    super();
  }
  get timeOrigin() { return native.timeOrigin; }
  now() { return native.now(); }
  toJSON() { return { timeOrigin: this.timeOrigin }; }
}
shapeInterface(Performance);
expose("Performance", Performance);
expose("performance", new Performance(constructing));
