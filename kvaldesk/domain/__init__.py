"""The domain: frozen dataclasses, enums and pure rules. No I/O."""
