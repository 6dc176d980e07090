// The GPUBindings layer of Kiln; see ARCHITECTURE.md.
