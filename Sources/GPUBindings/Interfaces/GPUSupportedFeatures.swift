/// GPUSupportedFeatures and WGSLLanguageFeatures: read-only setlike interfaces (WebIDL `readonly setlike<DOMString>`).
/// Written in JS because setlike members (`has`, `size`, iteration, `forEach`) are plain JS over a Set.
enum GPUSupportedFeaturesSource {
    static let source = #"""
    const { expose, shapeInterface } = kiln.internal;
    const token = Symbol("setlike constructing");
    function defineSetlike(name) {
      const C = class {
        #set;
        constructor(key, names) {
          if (key !== token) throw new TypeError("Illegal constructor");
          this.#set = new Set(names);
        }
        static #of(self) {
          if (!(#set in self)) throw new TypeError(`Illegal invocation: receiver is not a ${name}`);
          return self.#set;
        }
        get size() { return C.#of(this).size; }
        has(value) { return C.#of(this).has(String(value)); }
        values() { return C.#of(this).values(); }
        keys() { return C.#of(this).keys(); }
        entries() { return C.#of(this).entries(); }
        forEach(callback, thisArg = undefined) {
          if (typeof callback !== "function") throw new TypeError(`${name}.forEach: callback is not a function`);
          for (const value of C.#of(this)) callback.call(thisArg, value, value, this);
        }
      };
      Object.defineProperty(C, "name", { value: name });
      Object.defineProperty(C.prototype, Symbol.iterator, { value: C.prototype.values, writable: true, configurable: true });
      shapeInterface(C, name);
      expose(name, C);
      return (names) => new C(token, names);
    }
    internal.makeSupportedFeatures = defineSetlike("GPUSupportedFeatures");
    internal.makeWGSLLanguageFeatures = defineSetlike("WGSLLanguageFeatures");
    """#
}
