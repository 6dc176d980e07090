// navigator (HTML §8.9): a Navigator instance other layers extend by defining getters on
// Navigator.prototype (navigator.gpu is added that way by GPUBindings).
const { expose, shapeInterface } = kiln.internal;
const constructing = Symbol("Navigator constructing");

class Navigator {
  constructor(key) {
    if (key !== constructing) throw new TypeError("Illegal constructor");
  }
  get userAgent() { return kiln.native.userAgent; }
  get language() { return "en-US"; }
  get languages() { return ["en-US"]; }
  get hardwareConcurrency() { return kiln.native.hardwareConcurrency; }
}
shapeInterface(Navigator);
expose("Navigator", Navigator);
expose("navigator", new Navigator(constructing));
