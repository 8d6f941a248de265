"""The look at a legacy file's bytes that tells an encoding other than the mapping's, fed
block by block as the file's SHA-256 is taken (services/legacy_import_encoding.py)."""

from __future__ import annotations

from custinfo_tui.services.legacy_import_encoding import EncodingSniff


def _sniffed(data: bytes, block: int) -> EncodingSniff:
    sniff = EncodingSniff()
    for start in range(0, len(data), block):
        sniff.update(data[start : start + block])
    return sniff


def test_a_character_split_between_two_blocks_is_read_as_utf8() -> None:
    data = "First,Last\nRobin,Brontë\nAlex,Seán\n".encode()
    for block in range(1, len(data) + 1):
        sniff = _sniffed(data, block)
        assert sniff.first_undecoded is None, block
        assert sniff.first_utf8_line == 2, block


def test_the_first_byte_utf8_cannot_read_is_named_by_its_line() -> None:
    data = "First,Last\nRobin,Hart\nZoë,Brontë\n".encode("cp1252")
    for block in (1, 5, 1 << 20):
        sniff = _sniffed(data, block)
        assert sniff.first_undecoded == (3, 0xEB)
        assert sniff.first_utf8_line is None
        assert not sniff.cp1252_undefined


def test_a_byte_order_mark_is_not_taken_for_a_character_written_as_utf8() -> None:
    sniff = _sniffed(b"\xef\xbb\xbfFirst,Last\nRobin,Hart\n", 4)
    assert sniff.first_utf8_line is None and sniff.first_undecoded is None


def test_a_byte_windows_1252_leaves_undefined_is_noticed() -> None:
    assert _sniffed(b"First,Last\nRo\x81bin,Hart\n", 3).cp1252_undefined
