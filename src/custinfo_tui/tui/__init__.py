"""The Textual console. Screens call services through `ConsoleServicesPort`; no SQL here."""
