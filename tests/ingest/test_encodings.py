"""Text files in any encoding, told per file, and NUL bytes handled the same at any size."""

from __future__ import annotations

import codecs

import pandas as pd
import pytest

from jobsearch_analysis import LoadError, load
from jobsearch_analysis.ingest.formats import text_head
from jobsearch_analysis.ingest.formats.encodings import as_utf8

AS_OF = "2026-11-02"
LOG = (
    "Company,Date Applied,Status\n"
    "Müller GmbH,2026-03-02,Rejected\n"
    "Bäckerei Groß,2026-03-05,Interview\n"
    "Société Générale,2026-03-09,Applied\n"
)
COMPANIES = ["Müller GmbH", "Bäckerei Groß", "Société Générale"]
RUSSIAN = ["Сбербанк", "Яндекс", "Тинькофф", "Авито", "Озон", "МТС", "Мегафон", "Ростелеком"]
REPLIES = ["Отказ", "Собеседование", "Ожидание ответа"]
RUSSIAN_LOG = "Company,Date Applied,Status\n" + "".join(
    f"{company},2026-03-{day + 2:02d},{REPLIES[day % 3]}\n" for day, company in enumerate(RUSSIAN)
)
JAPANESE_LOG = "Company,Date Applied,Status\n株式会社テスト,2026-03-05,不採用\nソニー,2026-04-01,面接\n"


def notes(result) -> list[str]:
    return result.summary.files[0].notes


@pytest.mark.parametrize(
    ("encoding", "bom", "name"),
    [
        ("utf-16-le", b"", "UTF-16"),
        ("utf-16-be", b"", "UTF-16"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "UTF-16"),
        ("utf-32-le", b"", "UTF-32"),
        ("utf-32-be", b"", "UTF-32"),
        ("utf-32-le", codecs.BOM_UTF32_LE, "UTF-32"),
        ("utf-32-be", codecs.BOM_UTF32_BE, "UTF-32"),
    ],
)
def test_utf16_and_utf32_with_or_without_a_mark_are_read_and_named(write, encoding, bom, name):
    result = load(write("log.csv", bom + LOG.encode(encoding)), as_of=AS_OF)
    assert result.applications["company"].tolist() == COMPANIES
    assert result.applications["outcome"].tolist() == ["rejected", "open", "open"]
    assert f"read as {name} text" in notes(result)


def test_utf8_with_or_without_a_mark_needs_no_note(write):
    for data in (LOG.encode(), codecs.BOM_UTF8 + LOG.encode()):
        result = load(write("log.csv", data), as_of=AS_OF)
        assert result.applications["company"].tolist() == COMPANIES
        assert not [n for n in notes(result) if "read as" in n or "UTF-8" in n]


@pytest.mark.parametrize(
    ("text", "encoding", "name"),
    [
        (LOG, "cp1252", "Windows-1252"),
        (RUSSIAN_LOG, "cp1251", "Windows-1251"),  # a few lines of text: the detector needs some words to go on
        (JAPANESE_LOG, "shift_jis", "Shift-JIS"),
    ],
)
def test_a_legacy_encoding_is_told_by_the_detector_and_named(write, text, encoding, name):
    result = load(write("log.csv", text.encode(encoding)), as_of=AS_OF)
    companies = [line.split(",")[0] for line in text.splitlines()[1:]]
    assert result.applications["company"].tolist() == companies
    assert f"read as {name} text (not UTF-8)" in notes(result)


def test_a_short_french_windows_1252_file_is_not_read_as_a_central_european_encoding(write):
    """The detector alone reads this one as Mac Latin-2 ("Soci‚t‚"): Windows-1252 wins when it reads as well."""
    text = "Entreprise,Date,Statut\nSociété Générale,2026-03-02,Refusé\nÉlectricité de France,2026-03-09,Refusé\n"
    result = load(write("log.csv", text.encode("cp1252")), as_of=AS_OF, mapping={"Entreprise": "company"})
    assert result.applications["company"].tolist() == ["Société Générale", "Électricité de France"]


def test_utf8_with_a_few_windows_1252_bytes_keeps_its_utf8_and_says_how_many_places(write):
    data = LOG.encode() + "Café Zoë,2026-03-10,Applied\n".encode("cp1252")
    result = load(write("log.csv", data), as_of=AS_OF)
    assert result.applications["company"].tolist() == [*COMPANIES, "Café Zoë"]  # not "MÃ¼ller GmbH"
    assert "2 places were not UTF-8 and were read as Windows-1252" in notes(result)


def test_a_file_with_no_utf8_beyond_ascii_is_all_windows_1252(write):
    data = LOG.encode("cp1252")
    assert "read as Windows-1252 text (not UTF-8)" in notes(load(write("log.csv", data), as_of=AS_OF))


def test_one_stray_byte_is_one_place(write):
    data = LOG.encode().replace("Groß".encode(), "Gro\xdf".encode("cp1252"))
    result = load(write("log.csv", data), as_of=AS_OF)
    assert result.applications["company"].tolist() == COMPANIES
    assert "1 place was not UTF-8 and was read as Windows-1252" in notes(result)


def big_log(rows: int = 45_000) -> str:
    """A log over a megabyte: the size read by pyarrow's fast reader."""
    lines = [f"Firm {i},2026-03-{i % 28 + 1:02d},Applied" for i in range(rows)]
    return "Company,Date Applied,Status\n" + "\n".join(lines) + "\n"


def test_a_big_mixed_file_is_read_the_same_way(write):
    text = big_log().replace("Firm 3,", "Firm 3 Bäckerei,", 1)
    data = text.encode().replace(b"Firm 7,", "Firm 7 Müller,".encode("cp1252"), 1)
    assert len(data) > 1_000_000
    result = load(write("big.csv", data), as_of=AS_OF)
    assert result.applications["company"].iloc[[3, 7]].tolist() == ["Firm 3 Bäckerei", "Firm 7 Müller"]
    assert "1 place was not UTF-8 and was read as Windows-1252" in notes(result)


def test_a_big_clean_utf8_file_still_takes_the_fast_reader(write, monkeypatch):
    import pyarrow.csv

    calls = []
    real = pyarrow.csv.read_csv
    monkeypatch.setattr(pyarrow.csv, "read_csv", lambda *a, **k: calls.append(1) or real(*a, **k))
    result = load(write("big.csv", codecs.BOM_UTF8 + big_log().encode()), as_of=AS_OF)
    assert calls and len(result.applications) == 45_000


@pytest.mark.parametrize("size", ["small", "big"])
def test_stray_nul_bytes_are_removed_with_a_note_at_any_size(write, size):
    text = LOG if size == "small" else big_log()
    text = text.replace("2026-03-0", "2026-03\x00-0", 1).replace("Company", "Com\x00pany", 1) + "\x00"
    assert (len(text) > 1_000_000) == (size == "big")
    result = load(write("nul.csv", text.encode()), as_of=AS_OF)
    expected = load(write("clean.csv", text.replace("\x00", "").encode()), as_of=AS_OF)
    pd.testing.assert_frame_equal(
        result.applications.drop(columns="source_file"), expected.applications.drop(columns="source_file")
    )
    assert "3 NUL characters (zero bytes, invisible in most editors) were removed" in notes(result)


def test_zero_bytes_padding_the_end_of_a_file_are_removed(write):
    result = load(write("padded.csv", LOG.encode() + bytes(8192)), as_of=AS_OF)
    assert result.applications["company"].tolist() == COMPANIES
    assert "8192 NUL characters (zero bytes, invisible in most editors) were removed" in notes(result)


@pytest.mark.parametrize("size", [300, 1_200_000])
def test_a_file_that_is_mostly_binary_is_refused_at_any_size(write, size):
    junk = (b"Company,Date Applied\n" + bytes(range(32)) * (size // 32))[:size]
    with pytest.raises(LoadError, match=r"junk\.csv: not a text file \(it holds binary data\)"):
        load(write("junk.csv", junk), as_of=AS_OF)


def test_random_bytes_are_no_encoding(write):
    junk = bytes(range(128, 256)) * 20
    with pytest.raises(LoadError, match="not a text file, or text in an encoding that cannot be told"):
        load(write("junk.csv", junk), as_of=AS_OF)


def test_utf16_with_a_mark_that_cannot_be_decoded_says_so(write):
    with pytest.raises(LoadError, match="looks like UTF-16 text but cannot be decoded"):
        load(write("cut.csv", codecs.BOM_UTF16_LE + LOG.encode("utf-16-le")[:-1]), as_of=AS_OF)


def test_the_head_used_to_detect_a_format_is_decoded_like_the_file():
    assert text_head(LOG.encode("utf-16-le"))[0] == ["Company", "Date Applied", "Status"]
    assert text_head(LOG.encode("utf-32"))[1][0] == "Müller GmbH"
    assert text_head(bytes(range(32)) * 20) == []


def test_as_utf8_gives_utf8_without_a_mark():
    assert as_utf8("x", codecs.BOM_UTF8 + LOG.encode()) == (LOG.encode(), [])
    assert as_utf8("x", LOG.encode("utf-32-be"))[0] == LOG.encode()
