"""Build test input files that need no fixture on disk: PDFs with a Vietnamese text layer, legacy encodings.

Why hand-made PDFs: a fresh machine with only PyPI has no font with Vietnamese glyphs for reportlab or
fpdf2. Text extraction does not need glyphs, only the text layer: a Type0 font with ``Identity-H``
encoding whose character ids are the Unicode code points, plus a ``ToUnicode`` map, is exactly what Word's
"Save as PDF" produces for extraction purposes (minus the embedded glyphs).

Why real legacy tables: the VNI and TCVN3 detectors must be tested on what those encodings really do to
Vietnamese text, so the encoders below map real letters through (part of) the real font tables.
"""

from __future__ import annotations

import unicodedata


def _pdf(objects: list[bytes]) -> bytes:
    """Assemble numbered objects (1-based, object 1 the catalog) into a PDF with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def make_text_pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose pages show the given lines (any BMP text, e.g. Vietnamese) with a real text layer."""
    chars = sorted({ord(ch) for page in pages for line in page for ch in unicodedata.normalize("NFC", line)})
    cmap_lines = []
    for i in range(0, len(chars), 100):
        block = chars[i : i + 100]
        cmap_lines.append(f"{len(block)} beginbfchar")
        cmap_lines += [f"<{c:04X}> <{c:04X}>" for c in block]
        cmap_lines.append("endbfchar")
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + "\n".join(cmap_lines)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    ).encode()
    n_pages = len(pages)
    # 1 catalog, 2 pages, 3 font, 4 cidfont, 5 descriptor, 6 tounicode, then (page, content) pairs
    kids = " ".join(f"{7 + 2 * i} 0 R" for i in range(n_pages)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n_pages,
        b"<< /Type /Font /Subtype /Type0 /BaseFont /TimesNewRoman /Encoding /Identity-H "
        b"/DescendantFonts [4 0 R] /ToUnicode 6 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TimesNewRoman "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor 5 0 R /DW 500 /CIDToGIDMap /Identity >>",
        b"<< /Type /FontDescriptor /FontName /TimesNewRoman /Flags 32 /FontBBox [0 -200 1000 900] "
        b"/ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>",
        _stream(cmap),
    ]
    for i, lines in enumerate(pages):
        ops = [b"BT /F1 11 Tf 14 TL 50 800 Td"]
        for line in lines:
            hexed = unicodedata.normalize("NFC", line).encode("utf-16-be").hex().upper().encode()
            ops.append(b"<" + hexed + b"> Tj T*")
        ops.append(b"ET")
        content = b"\n".join(ops)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % (8 + 2 * i)
        )
        objects.append(_stream(content))
    return _pdf(objects)


def make_image_pdf() -> bytes:
    """A one-page PDF that only paints an image (a scan without OCR): no text layer at all."""
    pixels = bytes([200, 200, 200] * 4)
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
            _stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
            _stream(
                pixels,
                b"/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceRGB "
                b"/BitsPerComponent 8 ",
            ),
        ]
    )


# --- legacy 8-bit Vietnamese font encodings, shown as bytes --------------------------------------

# VNI-Windows: base letter + mark byte(s). Lower case only (enough for realistic phrases).
_VNI_LETTERS = {
    "đ": "ñ",
    "Đ": "Ñ",
    "ơ": "ô",
    "ư": "ö",
    "Ơ": "Ô",
    "Ư": "Ö",
    "ỉ": "æ",
    "ĩ": "ó",
    "ị": "ò",
    "í": "í",
    "ì": "ì",
    "ỵ": "î",
}
_VNI_BASE = {"â": ("a", "â"), "ă": ("a", "ê"), "ê": ("e", "â"), "ô": ("o", "â")}
_VNI_TONE = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
# circumflex + tone and breve + tone use one combined mark byte
_VNI_HAT_TONE = {"\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_VNI_BREVE_TONE = {"\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}


def vni_encode(text: str) -> bytes:
    """Encode Vietnamese text as VNI-Windows bytes (what a VNI-font document file contains)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _VNI_LETTERS:
            out.append(_VNI_LETTERS[ch])
            continue
        d = unicodedata.normalize("NFD", ch)
        if len(d) == 1:
            out.append(ch)
            continue
        base, marks = d[0], d[1:]
        tone = next((m for m in marks if m in _VNI_TONE), None)
        shape = next((m for m in marks if m in "\u0302\u0306\u031b"), None)
        if shape == "\u031b":  # horn: ơ/ư are letters of their own in VNI
            out.append(("ô" if base == "o" else "ö") + (_VNI_TONE[tone] if tone else ""))
        elif shape == "\u0302":
            out.append(base + (_VNI_HAT_TONE[tone] if tone else "â"))
        elif shape == "\u0306":
            out.append(base + (_VNI_BREVE_TONE[tone] if tone else "ê"))
        elif base == "i":
            out.append({"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}[tone])
        elif base == "y" and tone == "\u0323":
            out.append("î")
        else:
            out.append(base + _VNI_TONE[tone])
    return "".join(out).encode("cp1252")


# TCVN3 (ABC): every lower-case letter is one byte; upper case has only Ă Â Ê Ô Ơ Ư Đ.
_TCVN3 = dict(
    zip(
        "ĂÂÊÔƠƯĐăâêôơưđàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ",
        [
            0xA1,
            0xA2,
            0xA3,
            0xA4,
            0xA5,
            0xA6,
            0xA7,
            0xA8,
            0xA9,
            0xAA,
            0xAB,
            0xAC,
            0xAD,
            0xAE,
            0xB5,
            0xB6,
            0xB7,
            0xB8,
            0xB9,
            0xBB,
            0xBC,
            0xBD,
            0xBE,
            0xC6,
            0xC7,
            0xC8,
            0xC9,
            0xCA,
            0xCB,
            0xCC,
            0xCE,
            0xCF,
            0xD0,
            0xD1,
            0xD2,
            0xD3,
            0xD4,
            0xD5,
            0xD6,
            0xD7,
            0xD8,
            0xDC,
            0xDD,
            0xDE,
            0xDF,
            0xE1,
            0xE2,
            0xE3,
            0xE4,
            0xE5,
            0xE6,
            0xE7,
            0xE8,
            0xE9,
            0xEA,
            0xEB,
            0xEC,
            0xED,
            0xEE,
            0xEF,
            0xF1,
            0xF2,
            0xF3,
            0xF4,
            0xF5,
            0xF6,
            0xF7,
            0xF8,
            0xF9,
            0xFA,
            0xFB,
            0xFC,
            0xFD,
            0xFE,
        ],
        strict=True,
    )
)


def tcvn3_encode(text: str) -> bytes:
    """Encode Vietnamese text as TCVN3 (ABC) bytes; upper-case toned letters fall back to lower case."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch in _TCVN3:
            out.append(_TCVN3[ch])
        elif ch.lower() in _TCVN3:
            out.append(_TCVN3[ch.lower()])
        else:
            out += ch.encode("ascii")
    return bytes(out)


def cp1258_encode(text: str) -> bytes:
    """Encode as Windows-1258 the way Vietnamese Windows software does: the letter with its shape (â, ơ,
    đ ...) precomposed, followed by a combining tone byte (the code page has few precomposed toned letters)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        d = unicodedata.normalize("NFD", ch)
        tone = "".join(m for m in d if m in "\u0300\u0301\u0303\u0309\u0323")
        shape = "".join(m for m in d if m not in tone)
        out.append(unicodedata.normalize("NFC", shape) + tone)
    return "".join(out).encode("cp1258")
