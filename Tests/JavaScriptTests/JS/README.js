// JS-level tests run by the engine's harness.
