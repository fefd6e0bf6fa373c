"""A text file's encoding, told per file: its bytes in, UTF-8 bytes and what the summary should say out.

1. A byte-order mark says the encoding (UTF-8, UTF-16 or UTF-32, either byte order).
2. Without one, a file that is UTF-8 is read as UTF-8, and needs no note.
3. A UTF-8 file with a few bytes that are not UTF-8 (a row pasted from a Windows program) keeps its UTF-8 as
   UTF-8; only those bytes are read as Windows-1252, and the summary counts the places.
4. Anything else is told by charset-normalizer (UTF-16 or UTF-32 without a mark, Windows-1252, Shift-JIS, ...),
   and the summary names the encoding read.

NUL characters (zero bytes) get one rule at any size: a few stray ones are removed and counted; a file with
more than :data:`BINARY_SHARE` of control characters is not text and is refused (zero bytes in a UTF-16 or
UTF-32 file are part of its characters: they are counted once it is decoded).
"""

from __future__ import annotations

import codecs
import re

from jobsearch_analysis.errors import LoadError

BINARY_SHARE = 0.1
"""A file whose characters are control characters (NUL and the like, not tabs or line breaks) this often is
binary data, not text with a few stray zero bytes."""
CLOSE_CHAOS = 0.02
"""How much messier than the detector's best reading (its "chaos", 0 to 1) a Windows code page may be and still
be preferred to it."""
_CONTROLS = bytes([*range(0x09), *range(0x0E, 0x20)])
DETECTOR_BYTES = 1 << 20
"""How much of a file the detector reads to tell its encoding (the first megabyte, in whole lines)."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf_32_le"),  # before UTF-16's: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf_32_be"),
    (codecs.BOM_UTF8, "utf_8"),
    (codecs.BOM_UTF16_LE, "utf_16_le"),
    (codecs.BOM_UTF16_BE, "utf_16_be"),
)
_NAMES = {
    "utf_16": "UTF-16",
    "utf_32": "UTF-32",
    "cp1252": "Windows-1252",
    "cp932": "Shift-JIS",
    "shift_jis": "Shift-JIS",
    "shift_jis_2004": "Shift-JIS",
    "shift_jisx0213": "Shift-JIS",
    "euc_jp": "EUC-JP",
    "euc_jis_2004": "EUC-JP",
    "euc_jisx0213": "EUC-JP",
    "gb2312": "GB2312 (Chinese)",
    "gbk": "GBK (Chinese)",
    "gb18030": "GB18030 (Chinese)",
    "big5": "Big5 (Chinese)",
    "big5hkscs": "Big5 (Chinese)",
    "euc_kr": "EUC-KR (Korean)",
    "cp949": "EUC-KR (Korean)",
    "koi8_r": "KOI8-R (Russian)",
    "latin_1": "Latin-1",
    "mac_roman": "Mac Roman",
}
_NOT_UTF8 = re.compile("[\udc80-\udcff]+")
"""Bytes that are not UTF-8, as ``surrogateescape`` decoding leaves them."""


def encoding_name(codec: str) -> str:
    """A codec as people call it: "utf_16_le" is UTF-16, "cp1251" Windows-1251, "iso8859_2" ISO-8859-2."""
    codec = codecs.lookup(codec).name.replace("-", "_")
    for prefix in ("utf_16", "utf_32"):
        if codec.startswith(prefix):
            return _NAMES[prefix]
    if codec in _NAMES:
        return _NAMES[codec]
    if re.fullmatch(r"cp12\d\d", codec):
        return f"Windows-{codec[2:]}"
    return codec.replace("_", "-").upper()


def as_utf8(label: str, data: bytes) -> tuple[bytes, list[str]]:
    """A text file's bytes as UTF-8 (no byte-order mark, no NUL characters), and the notes on how it was read.

    Raises :class:`LoadError` for a file that is not text, or whose encoding cannot be told.

    >>> as_utf8("log.csv", "Müller".encode("utf-16"))
    (b'M\\xc3\\xbcller', ['read as UTF-16 text'])
    >>> as_utf8("log.csv", "Müller ".encode() + "Bäcker".encode("cp1252"))
    (b'M\\xc3\\xbcller B\\xc3\\xa4cker', ['1 place was not UTF-8 and was read as Windows-1252'])
    """
    codec, body = None, data
    for bom, name in _BOMS:
        if data.startswith(bom):
            codec, body = name, data[len(bom) :]
            break
    notes: list[str] = []
    if codec is None and _share(data.rstrip(b"\x00"), b"\x00") > BINARY_SHARE:
        codec = _wide_unicode(data)  # zero bytes in every other (or three of four) bytes: UTF-16 or UTF-32
        if codec is None:
            raise _binary(label)
    if codec in (None, "utf_8"):
        body, notes = _utf8_or_detected(label, body)
    else:
        body = _decoded(label, body, codec).encode("utf-8")
        notes = [f"read as {encoding_name(codec)} text"]
    if _share(body.rstrip(b"\x00"), _CONTROLS) > BINARY_SHARE:  # zero bytes padding the end are no sign of binary
        raise _binary(label)
    nuls = body.count(b"\x00")
    if nuls:
        body = body.replace(b"\x00", b"")
        notes.append(
            f"{nuls} NUL character{'s' if nuls > 1 else ''} (zero bytes, invisible in most editors) "
            f"{'were' if nuls > 1 else 'was'} removed"
        )
    return body, notes


_CHUNK = 1 << 24
"""Big files are checked in pieces of 16 MB, so that no check holds a second copy of the whole file."""


def _pieces(data: bytes):
    view = memoryview(data)
    return (view[start : start + _CHUNK] for start in range(0, len(data), _CHUNK))


def _share(data: bytes, characters: bytes) -> float:
    """How often ``data`` holds one of ``characters`` (single bytes), at C speed (one byte is counted in place,
    several are deleted from a copy of each piece)."""
    if len(characters) == 1:
        return data.count(characters) / len(data) if data else 0.0
    found = sum(len(piece) - len(bytes(piece).translate(None, characters)) for piece in _pieces(data))
    return found / len(data) if data else 0.0


def _is_utf8(data: bytes) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for piece in _pieces(data):
            decoder.decode(piece)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _binary(label: str) -> LoadError:
    return LoadError(f"{label}: not a text file (it holds binary data); save it as CSV or XLSX")


def _decoded(label: str, body: bytes, codec: str) -> str:
    try:
        return body.decode(codec)
    except UnicodeDecodeError:
        raise LoadError(
            f"{label}: looks like {encoding_name(codec)} text but cannot be decoded; save it as UTF-8 CSV"
        ) from None


def _wide_unicode(data: bytes) -> str | None:
    """UTF-16 or UTF-32 (without a byte-order mark), when the detector says so and the text looks like a table
    (a line break or a delimiter in it, and no NUL characters left)."""
    codec = _detect(data[:DETECTOR_BYTES])
    if codec is None or not codec.startswith(("utf_16", "utf_32")):
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if "\x00" in text.rstrip("\x00") or not any(mark in text for mark in ("\n", ",", ";", "\t", "|")):
        return None
    return codec


def _windows_1252(error: UnicodeError) -> tuple[str, int]:
    """A codecs error handler: bytes that are not UTF-8, read as Windows-1252 (its five unused bytes as U+FFFD)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("cp1252", "replace"), error.end


codecs.register_error("jobsearch_analysis.windows_1252", _windows_1252)


def _utf8_or_detected(label: str, body: bytes) -> tuple[bytes, list[str]]:
    """UTF-8 as it is; UTF-8 with a few stray bytes of Windows-1252 with those bytes read so; any other
    encoding as the detector tells it."""
    if _is_utf8(body):
        return body, []
    clean = body.decode("utf-8", "ignore")  # all at C speed: the bytes that are not UTF-8 dropped, then counted
    stray = len(body) - len(clean.encode("utf-8"))
    utf8 = len(clean) - len(clean.encode("ascii", "ignore"))  # characters beyond ASCII that were UTF-8
    del clean
    codec = None if utf8 >= stray else _detect(_whole_lines(body[:DETECTOR_BYTES]))
    if utf8 and codec in (None, "cp1252"):
        word = "1 place was not UTF-8 and was" if stray == 1 else f"{stray} places were not UTF-8 and were"
        mixed = body.decode("utf-8", "jobsearch_analysis.windows_1252")
        return mixed.encode("utf-8"), [f"{word} read as Windows-1252"]
    if codec is None:
        raise LoadError(f"{label}: not a text file, or text in an encoding that cannot be told; save it as UTF-8 CSV")
    text = body.decode(codec, "replace")  # a byte the sample did not show may not fit: one character lost, not all
    return text.encode("utf-8"), [f"read as {encoding_name(codec)} text (not UTF-8)"]


def _whole_lines(sample: bytes) -> bytes:
    end = sample.rfind(b"\n")
    return sample[: end + 1] if end > 0 else sample


def _detect(sample: bytes) -> str | None:
    """The codec charset-normalizer reads the sample in, or None.

    On a short file the detector often cannot tell code pages apart, and ranks first one nobody saves in today
    (a French Windows-1252 log as Mac Latin-2, a Russian Windows-1251 one as Mac Cyrillic). Among the readings
    nearly as clean as its best (:data:`CLOSE_CHAOS`), Windows-1252 wins, then the Windows code page whose text
    reads most like a language: what Excel on Windows writes."""
    from charset_normalizer import from_bytes

    matches = from_bytes(sample)
    best = matches.best()
    if best is None:
        return None
    close = [m for m in matches if m.chaos <= best.chaos + CLOSE_CHAOS]
    if any("cp1252" in (m.encoding, *m.could_be_from_charset) for m in close):
        return "cp1252"
    windows = [m for m in close if re.fullmatch(r"cp12\d\d", m.encoding)]
    return max(windows, key=lambda m: m.coherence).encoding if windows else best.encoding


__all__ = ["BINARY_SHARE", "DETECTOR_BYTES", "as_utf8", "encoding_name"]
