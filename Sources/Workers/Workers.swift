// The Workers layer of Kiln; see ARCHITECTURE.md.
