// DOMException (WebIDL §2.8.1): an Error subclass whose legacy `code` comes from its name.
const { expose, shapeInterface } = kiln.internal;

const legacyCodes = {
  IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
  NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InUseAttributeError: 10,
  InvalidStateError: 11, SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14,
  InvalidAccessError: 15, TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20,
  URLMismatchError: 21, QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25,
};
const constantNames = [
  "INDEX_SIZE_ERR", "DOMSTRING_SIZE_ERR", "HIERARCHY_REQUEST_ERR", "WRONG_DOCUMENT_ERR", "INVALID_CHARACTER_ERR",
  "NO_DATA_ALLOWED_ERR", "NO_MODIFICATION_ALLOWED_ERR", "NOT_FOUND_ERR", "NOT_SUPPORTED_ERR", "INUSE_ATTRIBUTE_ERR",
  "INVALID_STATE_ERR", "SYNTAX_ERR", "INVALID_MODIFICATION_ERR", "NAMESPACE_ERR", "INVALID_ACCESS_ERR",
  "VALIDATION_ERR", "TYPE_MISMATCH_ERR", "SECURITY_ERR", "NETWORK_ERR", "ABORT_ERR", "URL_MISMATCH_ERR",
  "QUOTA_EXCEEDED_ERR", "TIMEOUT_ERR", "INVALID_NODE_TYPE_ERR", "DATA_CLONE_ERR",
];

class DOMException extends Error {
  #name;
  #message;
  constructor(message = "", name = "Error") {
    super();
    this.#message = String(message);
    this.#name = String(name);
  }
  get name() { return this.#name; }
  get message() { return this.#message; }
  get code() { return legacyCodes[this.#name] ?? 0; }
  static {
    kiln.internal.isDOMException = (v) => v !== null && typeof v === "object" && #name in v;
  }
}
shapeInterface(DOMException);
constantNames.forEach((name, i) => {
  const d = { value: i + 1, enumerable: true };
  Object.defineProperty(DOMException, name, d);
  Object.defineProperty(DOMException.prototype, name, d);
});
expose("DOMException", DOMException);
