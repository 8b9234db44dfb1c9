"""Turning the bytes of a text file into a ``str``: UTF-8/16/32, Windows-1258, and the legacy traps.

Why a module of its own: Vietnamese documents older than ~2005 were typed with 8-bit *font* encodings
(TCVN3/ABC, VNI) that have no codec. Such a file decodes "successfully" as Windows-1252/1258 and yields
mojibake ("Ñaûng" for "Đảng" in VNI, "§¶ng" for "Đảng" in TCVN3); extracting from it would silently give
nothing. The same mojibake also arrives inside UTF-8 files when someone converted the bytes with the wrong
font table. A mature reader recognises these and says what to do instead of guessing.

Decision order (:func:`decode_bytes`): BOM (UTF-8, UTF-32, UTF-16) -> UTF-16 without BOM by its NUL pattern
-> binary check (NUL bytes, known magic numbers) -> strict UTF-8 -> legacy font encodings -> Windows-1258
if the result reads as Vietnamese -> UTF-8 with a handful of bad bytes replaced (warned) -> give up.
A decoded text is then checked for legacy mojibake (rejected) and for double-encoded UTF-8 ("Äáº£ng",
repaired with a warning, since the repair is exact).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

__all__ = ["Decoded", "EncodingProblem", "decode_bytes", "detect_legacy", "binary_kind", "vietnamese_ratio"]


class EncodingProblem(ValueError):
    """The bytes are not text we can read; the message is the one-line problem shown to the user."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # "utf-8", "utf-8-sig", "utf-16-le", "cp1258" ...
    warnings: tuple[str, ...] = ()


# Every letter of the Vietnamese alphabet that is not ASCII (NFC), both cases.
_VI_LOWER = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
VIETNAMESE_LETTERS = frozenset(_VI_LOWER + _VI_LOWER.upper())

# VNI-Windows writes a letter as an ASCII vowel followed by a mark byte; seen through a Western code page
# the mark bytes are Latin-1 letters. These never occur in Vietnamese: "Ñaûng" (Đảng), "cuûa" (của),
# "thöïc hieän" (thực hiện), "Tænh uûy" (Tỉnh ủy), "Xin chaøo" (Xin chào).
_VNI_MARKS = "øûïäåëüæöñîØÛÏÄÅËÜÆÖÑÎ"
# TCVN3 (ABC) puts whole letters on bytes 0xA1-0xBF, which a Western code page shows as symbols glued to
# letters: "§¶ng" (Đảng), "Th­êng vô" (Thường vụ), "ChÊp hµnh" (Chấp hành).
# (patterns start with the signature class so that the regex engine scans for it in C)
_TCVN3_GLUED = re.compile(r"[\xa1-\xbf](?:(?<=[A-Za-z].)|(?=[A-Za-z]))")
# ... and always sit inside words made of ASCII letters: random high bytes do not count.
_VNI_GLUED = re.compile(f"[{_VNI_MARKS}](?:(?<=[A-Za-z].)|(?=[A-Za-z]))")
_ANY_GLUED = re.compile(f"[\xa1-\xbf{_VNI_MARKS}](?:(?<=[A-Za-z].)|(?=[A-Za-z]))")
# Every kind of mojibake above contains one of these; Unicode Vietnamese text (almost) never does.
_SUSPECT = re.compile(f"[\x80-\xbf{_VNI_MARKS}]")
_NON_ASCII_LETTER = re.compile(r"[^\W\d_\x00-\x7f]")
# UTF-8 bytes decoded as Windows-1252 and saved again: "Äáº£ng" (Đảng), "Thá»±c hiá»‡n" (Thực hiện).
# (the class of second characters comes first so that the engine scans for it in C; "á"/"â" are common)
_DOUBLE_UTF8 = re.compile(
    "[\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
    "(?<=[ÃÄÅÆáâ].)"
)

_SAMPLE_CHARS = 1_000_000

_LEGACY_ADVICE = {
    "VNI": "VNI-encoded Vietnamese (legacy 8-bit font encoding, e.g. 'Ñaûng' for 'Đảng')",
    "TCVN3": "TCVN3/ABC-encoded Vietnamese (legacy 8-bit font encoding, e.g. '§¶ng' for 'Đảng')",
}
_CONVERT_HINT = (
    "convert it to Unicode, e.g. with UniKey's converter (Unikey Toolkit) or the `vietnamese-converter` "
    "package, then ingest again"
)

# Magic numbers of files that are certainly not text (checked only when the file is not a docx/pdf).
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Microsoft Office file (.doc/.xls); save it as .docx"),
    (b"{\\rtf", "an RTF document; save it as .docx or .txt"),
    (b"PK\x03\x04", "a ZIP archive that is not a Word .docx document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "an executable program"),
    (b"MZ", "a Windows executable"),
)

# Bytes that may not occur in a text file at all (controls other than tab, newlines, form feed, ESC, ^Z).
_BINARY_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)])


def decode_bytes(data: bytes) -> Decoded:
    """Decode a text file's bytes, or raise :class:`EncodingProblem` with the user-facing problem."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _checked(data[3:].decode("utf-8"), "utf-8-sig", data)
        except UnicodeDecodeError as exc:
            decoded = _mostly_utf8(data, 3, exc, "utf-8-sig")
            if decoded is None:
                raise EncodingProblem(
                    f"invalid UTF-8 text after the UTF-8 byte-order mark (byte {exc.start + 3}); "
                    "save the file as UTF-8 and ingest again"
                ) from None
            return decoded
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return _checked(_strict(data, "utf-32"), "utf-32", data)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(_strict(data, "utf-16"), "utf-16", data)
    utf16 = _utf16_by_nul_pattern(data)
    if utf16:
        return _checked(_strict(data, utf16), utf16, data)
    kind = binary_kind(data)
    if kind:
        raise EncodingProblem(f"not a text file (looks like {kind})")
    try:
        return _checked(data.decode("utf-8"), "utf-8", data)
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # This test comes first: UTF-8 continuation bytes seen through Windows-1252 look like TCVN3 mojibake.
    decoded = _mostly_utf8(data, 0, utf8_error, "utf-8")
    if decoded is not None:
        return decoded
    legacy = detect_legacy(data.decode("cp1252", errors="replace"))
    if legacy:
        raise EncodingProblem(f"file looks like {_LEGACY_ADVICE[legacy]}; {_CONVERT_HINT}")
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        text = None
    if text is not None and vietnamese_ratio(text) >= 0.9:
        return Decoded(
            text, "cp1258", ("decoded as Windows-1258 (not UTF-8); consider saving the file as UTF-8",)
        )
    raise EncodingProblem(
        f"cannot decode: not valid UTF-8 (byte {utf8_error.start}), UTF-16 or Windows-1258 Vietnamese text; "
        "save the file as UTF-8 and ingest again"
    )


def _mostly_utf8(data: bytes, skip: int, error: UnicodeDecodeError, encoding: str) -> Decoded | None:
    """``data[skip:]`` decoded with its few bad bytes replaced by U+FFFD, when it is UTF-8 all the same (a
    truncated or patched file), else None. ``error`` is the strict decoding's first failure."""
    body = data[skip:]
    bad = _count_bad_utf8(body)
    if bad > max(3, len(body) // 10_000) or _count_utf8_multibyte(body) <= 4 * bad:
        return None
    first = error.start + skip
    warning = f"{bad} invalid UTF-8 byte sequence(s) replaced by U+FFFD (first at byte {first})"
    return _checked(body.decode("utf-8", errors="replace"), encoding, data, (warning,))


def binary_kind(data: bytes) -> str | None:
    """What a non-text file looks like ("a PNG image" ...), or None if it may be text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    head = data[:65536]
    controls = len(head) - len(head.translate(None, _BINARY_BYTES))
    if b"\x00" in head or controls > max(2, len(head) // 1000):
        return "binary data (NUL or control bytes)"
    return None


def detect_legacy(text: str) -> str | None:
    """Name of the legacy 8-bit Vietnamese font encoding ``text`` is mojibake of ("VNI", "TCVN3"), or None.

    ``text`` is either a file's bytes decoded as Windows-1252 or a Unicode text converted with the wrong
    font table. Unicode Vietnamese contains none of the signature characters, so a few of them, making up
    a tenth of the non-ASCII letters, are enough; a foreign name ("Müller") does not reach that share.
    """
    sample = text[:_SAMPLE_CHARS]  # mojibake is everywhere in such a file: a sample decides, fast
    if not _ANY_GLUED.search(sample):
        return None
    vni = len(_VNI_GLUED.findall(sample))
    tcvn = len(_TCVN3_GLUED.findall(sample))
    if max(vni, tcvn) < 3:
        return None
    letters = len(_NON_ASCII_LETTER.findall(sample)) + sample.count("\xad")
    if tcvn >= vni and tcvn >= 0.1 * letters:
        return "TCVN3"
    if vni >= 0.1 * letters:
        return "VNI"
    return None


def vietnamese_ratio(text: str) -> float:
    """Share of the non-ASCII letters of ``text`` (after NFC) that belong to the Vietnamese alphabet.

    1.0 for pure ASCII text; used to accept a Windows-1258 decoding only when it reads as Vietnamese.
    """
    import unicodedata

    letters = _NON_ASCII_LETTER.findall(unicodedata.normalize("NFC", text))
    if not letters:
        return 1.0
    return sum(ch in VIETNAMESE_LETTERS for ch in letters) / len(letters)


# ``_SUSPECT``'s characters in UTF-8: every U+0080-U+00BF starts with byte C2, the VNI marks with C3.
assert all("\xc0" <= ch <= "\xff" for ch in _VNI_MARKS), "a VNI mark outside U+00C0-U+00FF: see _utf8_clear"
_SUSPECT_UTF8_VNI = re.compile(b"\xc3[" + re.escape(bytes(ch.encode()[1] for ch in _VNI_MARKS)) + b"]")


def _utf8_clear(data: bytes) -> bool:
    """True when UTF-8 ``data`` holds no character of ``_SUSPECT`` (False: it may; the text decides).

    Why on the bytes: ``b"\xc2" in data`` is a memchr, and the VNI marks are two-byte sequences the bytes
    regex finds from its literal first byte; scanning the decoded text with a character class costs
    about twice as much. A character of the decoded text comes from its own byte sequence (C2/C3 are
    never continuation bytes), so no such sequence means no such character, wherever the text is cut."""
    return b"\xc2" not in data and _SUSPECT_UTF8_VNI.search(data) is None


def _checked(text: str, encoding: str, data: bytes, warnings: tuple[str, ...] = ()) -> Decoded:
    """Reject legacy mojibake inside an otherwise well-decoded text; repair double-encoded UTF-8.

    ``data`` are the bytes ``text`` was decoded from (with ``encoding``)."""
    if (encoding.startswith("utf-8") and _utf8_clear(data)) or not _SUSPECT.search(text, 0, _SAMPLE_CHARS):
        return Decoded(text, encoding, warnings)  # one fast scan clears ordinary Vietnamese text
    if len(_DOUBLE_UTF8.findall(text, 0, 200_000)) >= 3:
        repaired = _undo_double_utf8(text)
        if repaired is None:
            raise EncodingProblem(
                "text looks like UTF-8 read as Windows-1252 and saved again (mojibake such as 'Äáº£ng' for "
                "'Đảng') and cannot be repaired; re-export the document as UTF-8 from its source"
            )
        text, lost = repaired
        encoding = f"{encoding} (double-encoded)"
        note = f"; {lost} character(s) could not be recovered (U+FFFD)" if lost else ""
        warnings = (
            *warnings,
            f"text was UTF-8 read as Windows-1252 and saved again (mojibake); repaired{note}",
        )
    legacy = detect_legacy(text)
    if legacy:
        raise EncodingProblem(
            f"text is {_LEGACY_ADVICE[legacy]} stored as {encoding} (converted with the wrong font table); "
            f"{_CONVERT_HINT}"
        )
    return Decoded(text, encoding, warnings)


def _undo_double_utf8(text: str) -> tuple[str, int] | None:
    """Reverse UTF-8 -> Windows-1252 -> UTF-8 double encoding: ``(fixed, characters lost)`` or None.

    Converters that dropped the five bytes Windows-1252 leaves undefined make the repair lossy; a loss
    of a few characters is accepted (and reported), more means the text is something else.
    """
    try:
        data = text.encode("cp1252", errors="vankien-c1")
    except UnicodeEncodeError:
        return None
    try:
        fixed, lost = data.decode("utf-8"), 0
    except UnicodeDecodeError:
        fixed = data.decode("utf-8", errors="replace")
        lost = len(_REPLACED_RUN.findall(fixed))
        if lost > max(3, len(_NON_ASCII_LETTER.findall(fixed)) // 50):
            return None
    return (fixed, lost) if vietnamese_ratio(fixed) > vietnamese_ratio(text) else None


def _c1_bytes(exc: UnicodeError) -> tuple[bytes, int]:
    """Encode error handler: C1 controls (bytes Windows-1252 leaves undefined) go back to their byte."""
    if isinstance(exc, UnicodeEncodeError):
        chunk = exc.object[exc.start : exc.end]
        if all("\x80" <= ch <= "\x9f" for ch in chunk):
            return chunk.encode("latin-1"), exc.end
    raise exc


codecs.register_error("vankien-c1", _c1_bytes)


def _strict(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise EncodingProblem(f"invalid {encoding.upper()} text at byte {exc.start}") from None
    return text.removeprefix("\ufeff")


def _utf16_by_nul_pattern(data: bytes) -> str | None:
    """UTF-16 without BOM: mostly-ASCII text has a NUL in every other byte, on one side only."""
    head = data[:4096]
    if len(head) < 4 or len(head) % 2:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd >= 0.3 * half and even <= 0.02 * half:
        return "utf-16-le"
    if even >= 0.3 * half and odd <= 0.02 * half:
        return "utf-16-be"
    return None


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def _count_utf8_multibyte(data: bytes) -> int:
    return len(_UTF8_MULTIBYTE.findall(data, 0, 1_000_000))


_REPLACED_RUN = re.compile("\ufffd+")


def _count_bad_utf8(data: bytes) -> int:
    """Number of places (runs of bad bytes) where ``data`` is not valid UTF-8."""
    replaced = len(_REPLACED_RUN.findall(data.decode("utf-8", errors="replace")))
    return replaced - len(_REPLACED_RUN.findall(data.decode("utf-8", errors="ignore")))
