"""Crafted text files: encodings a log is saved in, NUL bytes, dates typed as serial numbers, many columns."""

from __future__ import annotations

import codecs
from pathlib import Path

from tests.crafted import Case

LOG = (
    "Company,Date Applied,Status\n"
    "Müller GmbH,2026-03-02,Rejected\n"
    "Bäckerei Groß,2026-03-05,Interview\n"
    "Société Générale,2026-03-09,Applied\n"
)


def _write(name: str, data: bytes):
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return make


def _big_with_nuls(folder: Path) -> Path:
    """Over a megabyte (the size read by the fast reader), with three stray NUL bytes in it: long notes, so that
    the few thousand rows make a report as quickly as any log."""
    note = "Applied through the careers page; " * 6
    rows = [f"Firm {i},2026-03-{i % 28 + 1:02d},Applied,{note}{i}" for i in range(5_000)]
    rows[10] = rows[10].replace("Firm", "Fi\x00rm") + "\x00"
    rows[-1] += "\x00"
    path = folder / "big_nul.csv"
    path.write_bytes(("Company,Date Applied,Status,Notes\n" + "\n".join(rows) + "\n").encode())
    assert path.stat().st_size > 1_000_000
    return path


def _many_columns(folder: Path) -> Path:
    """5,000 named columns (the user's own) beside the company and date, and 100 rows."""
    headers = ["Company", "Date Applied", *(f"Field {i}" for i in range(5_000))]
    lines = [",".join(headers)]
    for r in range(100):
        lines.append(",".join([f"Firm {r}", f"2026-03-{r % 28 + 1:02d}", *(f"v{r}.{i}" for i in range(5_000))]))
    path = folder / "wide.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


JAPANESE = "Company,Date Applied,Status\n株式会社テスト,2026-03-05,不採用\nソニー,2026-04-01,面接\n"
SERIALS = (
    "Company,Date Applied,Interview date,Status\n"
    "Acme,46150,,Applied\n"  # 2026-05-08 typed as Excel's serial number
    "Globex,2026-05-09,46160,Interview\n"
    "Initech,3,,Applied\n"  # a plain number: not a date
    "Umbrella,29220,,Applied\n"  # 1979-12-31: before the span of serials read
)

CASES = (
    Case("utf16_le_no_bom", _write("utf16le.csv", LOG.encode("utf-16-le")), True, "read as UTF-16"),
    Case("utf16_be_no_bom", _write("utf16be.csv", LOG.encode("utf-16-be")), True, "read as UTF-16"),
    Case("utf32_bom", _write("utf32.csv", LOG.encode("utf-32")), True, "read as UTF-32"),
    Case("utf32_no_bom", _write("utf32le.csv", LOG.encode("utf-32-le")), True, "read as UTF-32"),
    Case("windows_1252", _write("ansi.csv", LOG.encode("cp1252")), True, "read as Windows-1252"),
    Case(
        "utf8_one_windows_1252_byte",
        _write("mixed.csv", LOG.encode() + "Café Zoë,2026-03-10,Applied\n".encode("cp1252")),
        True,
        "2 places were not UTF-8 and were read as Windows-1252",
    ),
    Case(
        "shift_jis",
        _write("sjis.csv", JAPANESE.encode("shift_jis")),
        True,
        "read as Shift-JIS",
    ),
    Case("nul_small", _write("nul.csv", LOG.replace("Bäckerei", "Bäck\x00erei").encode()), True, "1 NUL character"),
    Case("nul_big", _big_with_nuls, True, "3 NUL characters"),
    Case("nul_mostly_binary", _write("binary.csv", b"Company,Date\n" + bytes(range(32)) * 8), False, "binary"),
    Case("utf16_bom_cut_short", _write("cut.csv", codecs.BOM_UTF16_LE + LOG.encode("utf-16-le")[:-1]), False, "UTF-16"),
    Case("serial_dates_as_text", _write("serials.csv", SERIALS.encode()), True),
    Case("five_thousand_columns", _many_columns, True),
)
