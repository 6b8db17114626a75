// The Competition module; see ARCHITECTURE.md. Its types arrive with the issue that builds it.
