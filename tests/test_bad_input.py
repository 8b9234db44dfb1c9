"""Bad input: every unreadable file gives one clear line naming the file and the problem, never a traceback."""

from __future__ import annotations

import builtins
import io
import os
import zipfile

import docx
import pytest
from filemakers import make_image_pdf, make_text_pdf

from ingest.reader import DEFAULT_MAX_FILE_MB, MAX_FILE_ENV, read_file
from ingest.text import ReadError

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
TEXT = "Thực hiện Chỉ thị số 18-CT/TU, ngày 22/02/2022 của Ban Thường vụ Tỉnh ủy Lâm Đồng.\n"


def _docx_bytes() -> bytes:
    d = docx.Document()
    d.add_paragraph(TEXT)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _zip_without_document() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "xin chào")
    return buf.getvalue()


# (file name, content, words the one-line message must contain)
CASES = [
    ("empty.txt", b"", ["file is empty"]),
    ("blank.txt", b"  \n\n\t \r\n", ["no text"]),
    ("markup-only.md", b"## **\n\n****\n<br>\n", ["no text"]),
    ("anh.txt", PNG, ["not a text file", "PNG image"]),
    ("nul.txt", b"abc\x00\x00\x01\x02def" * 50, ["not a text file", "binary"]),
    ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ["legacy Microsoft Office", ".docx"]),
    ("cu.txt", b"{\\rtf1\\ansi Thuc hien}", ["RTF", ".docx"]),
    ("scan.pdf", make_image_pdf(), ["PDF has no text layer", "ocrmypdf"]),
    ("blank.pdf", make_text_pdf([[" "], [" "]]), ["PDF has no text layer", "OCR"]),
    ("truncated.pdf", make_text_pdf([[TEXT]])[:200], ["corrupt PDF"]),
    ("fake.pdf", TEXT.encode("utf-8"), ["not a PDF"]),
    ("truncated.docx", _docx_bytes()[:1500], ["not a Word .docx"]),
    ("fake.docx", TEXT.encode("utf-8"), ["not a Word .docx"]),
    ("no-document.docx", _zip_without_document(), ["not a Word .docx", "word/document.xml"]),
    ("random.txt", bytes(range(128, 256)) * 40, ["cannot decode", "UTF-8"]),
    ("bom-random.txt", b"\xef\xbb\xbf" + bytes(range(128, 256)) * 40, ["invalid UTF-8", "byte-order mark"]),
]


def assert_one_line(exc: ReadError, path, words):
    message = str(exc)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message and "Traceback" not in message
    for word in words:
        assert word in message, (word, message)


@pytest.mark.parametrize(("name", "content", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_file(tmp_path, name, content, words):
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(ReadError) as exc:
        read_file(str(p))
    assert_one_line(exc.value, p, words)


def test_corrupt_docx_content(tmp_path):
    """A real ZIP with a broken document.xml inside."""
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_docx_bytes())) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    p = tmp_path / "hong.docx"
    p.write_bytes(buf.getvalue())
    with pytest.raises(ReadError) as exc:
        read_file(str(p))
    assert_one_line(exc.value, p, ["corrupt .docx file"])


def test_missing_file(tmp_path):
    p = tmp_path / "khong-co.txt"
    with pytest.raises(ReadError) as exc:
        read_file(str(p))
    assert_one_line(exc.value, p, ["file not found"])


def test_directory(tmp_path):
    with pytest.raises(ReadError) as exc:
        read_file(str(tmp_path))
    assert_one_line(exc.value, tmp_path, ["is a directory"])


def test_permission_denied_simulated(tmp_path, monkeypatch):
    p = tmp_path / "kh.txt"
    p.write_text(TEXT, encoding="utf-8")
    real_open = builtins.open

    def fake_open(file, *args, **kwargs):
        if str(file) == str(p):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    with pytest.raises(ReadError) as exc:
        read_file(str(p))
    assert_one_line(exc.value, p, ["permission denied"])


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read any file")
def test_permission_denied_real(tmp_path):
    p = tmp_path / "kh.txt"
    p.write_text(TEXT, encoding="utf-8")
    p.chmod(0)
    try:
        with pytest.raises(ReadError) as exc:
            read_file(str(p))
    finally:
        p.chmod(0o644)
    assert_one_line(exc.value, p, ["permission denied"])


def test_50mb_file_refused_by_default(tmp_path, monkeypatch):
    monkeypatch.delenv(MAX_FILE_ENV, raising=False)
    p = tmp_path / "big.txt"
    with p.open("wb") as fh:  # sparse: the size check must come before reading
        fh.truncate(50 * 1_000_000)
    with pytest.raises(ReadError) as exc:
        read_file(str(p))
    assert_one_line(exc.value, p, ["50.0 MB", f"{DEFAULT_MAX_FILE_MB:g} MB", "--max-file-mb", MAX_FILE_ENV])


def test_size_limit_can_be_raised(tmp_path, monkeypatch):
    p = tmp_path / "big.txt"
    p.write_text(TEXT * 30_000, encoding="utf-8")  # ~2.7 MB
    monkeypatch.setenv(MAX_FILE_ENV, "1")
    with pytest.raises(ReadError, match="over the per-file limit of 1 MB"):
        read_file(str(p))
    assert read_file(str(p), max_mb=5).text.startswith("Thực hiện Chỉ thị")  # the option wins
    monkeypatch.setenv(MAX_FILE_ENV, "5")
    assert len(read_file(str(p)).text) == len(TEXT) * 30_000
    monkeypatch.setenv(MAX_FILE_ENV, "lots")
    with pytest.raises(ReadError, match=f"{MAX_FILE_ENV} must be a number"):
        read_file(str(p))


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["utf-8", "utf-8 with BOM"])
def test_a_few_bad_bytes_are_replaced_not_fatal(tmp_path, bom):
    p = tmp_path / "kh.txt"
    data = TEXT.encode("utf-8") * 20
    p.write_bytes(bom + data[:100] + b"\xff\xfe" + data[100:])
    src = read_file(str(p))
    assert "\ufffd" in src.text
    assert any(f"invalid UTF-8 byte sequence(s) replaced by U+FFFD (first at byte {len(bom) + 100})" in w
               for w in src.warnings)  # fmt: skip
    assert src.text.startswith(TEXT[:50])


def _encrypted_pdf(user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_text_pdf([[TEXT.strip()]]))))
    writer.encrypt(user_password=user_password, owner_password="chu-so-huu", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_password_protected_pdf(tmp_path):
    p = tmp_path / "mat.pdf"
    p.write_bytes(_encrypted_pdf("mat-khau"))
    with pytest.raises(ReadError) as exc:
        read_file(str(p))
    assert_one_line(exc.value, p, ["PDF is encrypted", "password"])


def test_pdf_with_owner_password_only_is_read(tmp_path):
    """Printing/copy restrictions without an opening password: the text is readable, so read it."""
    p = tmp_path / "han-che.pdf"
    p.write_bytes(_encrypted_pdf(""))
    assert "Ban Thường vụ Tỉnh ủy Lâm Đồng" in read_file(str(p)).text
