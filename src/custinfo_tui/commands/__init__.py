"""Subcommands of the `custinfo` command, each with `register(subparsers, common)` and `run`."""
