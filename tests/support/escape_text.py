"""A hypothesis strategy for text thick with terminal escape sequences, for the cleaners'
property tests: the pieces of sequences (introducers, parameters, intermediates, finals and
terminators, 7-bit and 8-bit) among letters, spaces and other hidden characters, so
sequences whole, cut short, nested and run together are all drawn."""

from __future__ import annotations

from hypothesis import strategies as st

_PIECES = [
    *("\x1b", "\x9b", "\x9d", "\x90", "\x9c", "\x07"),
    *("[", "]", "(", "P", "X", "^", "_", "\\", "0", "31", ";", "?", "$", "m", "B", "7", "c"),
    *(" ", "\n", "\t", "a", "Ó", "\u202e", "\u3164"),
]

escape_heavy_text = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)
