"""Use cases: one function per thing a person does. The only API the UI and the CLI call."""
