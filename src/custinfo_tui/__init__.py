"""custinfo-tui: a terminal console for processing customer information in a contact centre."""

__version__ = "0.1.0"
