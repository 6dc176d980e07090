// FormData (XHR Standard §4.3): an ordered list of entries whose values are strings or Files.
const internal = kiln.internal;
const { expose, shapeInterface, requireArgs, toUSVString } = internal;

function makeEntry(name, value, filename, context) {
  name = toUSVString(name);
  if (value instanceof Blob) {
    if (!(value instanceof File) || filename !== undefined) {
      const fileName = filename !== undefined ? toUSVString(filename) : value instanceof File ? value.name : "blob";
      const options = { type: value.type };
      if (value instanceof File) options.lastModified = value.lastModified;
      value = new File([value], fileName, options);
    }
    return [name, value];
  }
  if (filename !== undefined) throw new TypeError(`${context}: parameter 2 is not of type 'Blob'.`);
  return [name, toUSVString(value)];
}

class FormData {
  #list = [];
  constructor(form = undefined, submitter = undefined) {
    if (form !== undefined) throw new TypeError("Failed to construct 'FormData': parameter 1 is not of type 'HTMLFormElement'.");
    void submitter;
  }
  append(name, value, filename = undefined) {
    requireArgs(arguments.length, 2, "Failed to execute 'append' on 'FormData'");
    this.#list.push(makeEntry(name, value, arguments.length > 2 ? filename : undefined, "Failed to execute 'append' on 'FormData'"));
  }
  delete(name) {
    requireArgs(arguments.length, 1, "Failed to execute 'delete' on 'FormData'");
    name = toUSVString(name);
    this.#list = this.#list.filter(([n]) => n !== name);
  }
  get(name) {
    requireArgs(arguments.length, 1, "Failed to execute 'get' on 'FormData'");
    name = toUSVString(name);
    return this.#list.find(([n]) => n === name)?.[1] ?? null;
  }
  getAll(name) {
    requireArgs(arguments.length, 1, "Failed to execute 'getAll' on 'FormData'");
    name = toUSVString(name);
    return this.#list.filter(([n]) => n === name).map(([, v]) => v);
  }
  has(name) {
    requireArgs(arguments.length, 1, "Failed to execute 'has' on 'FormData'");
    name = toUSVString(name);
    return this.#list.some(([n]) => n === name);
  }
  set(name, value, filename = undefined) {
    requireArgs(arguments.length, 2, "Failed to execute 'set' on 'FormData'");
    const entry = makeEntry(name, value, arguments.length > 2 ? filename : undefined, "Failed to execute 'set' on 'FormData'");
    const i = this.#list.findIndex(([n]) => n === entry[0]);
    if (i < 0) { this.#list.push(entry); return; }
    this.#list[i] = entry;
    this.#list = this.#list.filter(([n], j) => j <= i || n !== entry[0]);
  }
  forEach(callback, thisArg = undefined) {
    requireArgs(arguments.length, 1, "Failed to execute 'forEach' on 'FormData'");
    for (let i = 0; i < this.#list.length; i++) callback.call(thisArg, this.#list[i][1], this.#list[i][0], this);
  }
  *entries() { for (let i = 0; i < this.#list.length; i++) yield [this.#list[i][0], this.#list[i][1]]; }
  *keys() { for (const [n] of this.entries()) yield n; }
  *values() { for (const [, v] of this.entries()) yield v; }
  static {
    internal.formDataList = (f) => f.#list;
    internal.formDataFromList = (list) => { const f = new FormData(); f.#list = list; return f; };
  }
}
FormData.prototype[Symbol.iterator] = FormData.prototype.entries;
shapeInterface(FormData);
Object.defineProperty(FormData.prototype, Symbol.iterator, { enumerable: false });
internal.inspectEntries(FormData);
expose("FormData", FormData);
