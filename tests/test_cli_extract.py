"""The ``vankien extract`` contract: one JSON object per input in input order, error objects, exit status."""

from __future__ import annotations

import json
import subprocess
import sys

import docx
import pytest
from conftest import ROOT, SEED_NAMES

from ingest.reader import read_file
from vankien.cli import main


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(["extract", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def parse_pretty(out: str) -> list[dict]:
    """The default output is a sequence of indented JSON objects."""
    decoder, objs, pos = json.JSONDecoder(), [], 0
    while pos < len(out.rstrip()):
        while out[pos].isspace():
            pos += 1
        obj, pos = decoder.raw_decode(out, pos)
        objs.append(obj)
    return objs


def offsets_refer_to_raw(obj, raw: str) -> int:
    """Check every record with offsets against the raw text; return how many were checked."""
    checked = 0
    if isinstance(obj, dict):
        if isinstance(obj.get("start"), int) and isinstance(obj.get("end"), int) and obj["end"] > 0:
            assert 0 <= obj["start"] <= obj["end"] <= len(raw)
            if isinstance(obj.get("text"), str) and "sentence" in obj:  # a mention: text is raw[start:end]
                assert raw[obj["start"] : obj["end"]] == obj["text"]
            if obj.get("line"):
                assert obj["line"] == raw.count("\n", 0, obj["start"]) + 1
            checked += 1
        for value in obj.values():
            checked += offsets_refer_to_raw(value, raw)
    elif isinstance(obj, list):
        checked += sum(offsets_refer_to_raw(v, raw) for v in obj)
    return checked


@pytest.fixture
def files(tmp_path, samples_dir):
    good1 = samples_dir / SEED_NAMES[0]
    good2 = samples_dir / SEED_NAMES[2]
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    image = tmp_path / "scan.txt"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    return good1, empty, good2, image


def test_jsonl_one_line_per_input_in_order_with_errors(capsys, files):
    good1, empty, good2, image = files
    status, out, err = run_cli(capsys, "--jsonl", str(good1), str(empty), str(good2), str(image))
    assert status == 1
    lines = out.splitlines()
    assert len(lines) == 4
    objs = [json.loads(line) for line in lines]
    assert [o["source"] for o in objs] == [str(good1), str(empty), str(good2), str(image)]
    assert objs[0]["error"] is None and objs[2]["error"] is None
    assert objs[1] == {"source": str(empty), "error": "file is empty", "warnings": []}
    assert "not a text file" in objs[3]["error"]
    assert err.splitlines() == [
        f"vankien extract: {empty}: file is empty",
        f"vankien extract: {image}: {objs[3]['error']}",
    ]
    for obj in (objs[0], objs[2]):
        assert obj["format"] == "txt" and obj["encoding"] == "utf-8" and len(obj["content_hash"]) == 64


def test_pretty_output_and_success_status(capsys, samples_dir):
    paths = [str(samples_dir / n) for n in SEED_NAMES]
    status, out, err = run_cli(capsys, *paths)
    assert status == 0 and err == ""
    objs = parse_pretty(out)
    assert [o["source"] for o in objs] == paths
    for path, obj in zip(paths, objs, strict=True):
        raw = read_file(path).raw
        offsets_refer_to_raw(obj, raw)


def test_max_file_mb_option(capsys, tmp_path, samples_dir):
    big = tmp_path / "big.txt"
    big.write_text((samples_dir / SEED_NAMES[1]).read_text(encoding="utf-8") * 100, encoding="utf-8")
    status, out, _ = run_cli(capsys, "--jsonl", "--max-file-mb", "0.5", str(big))
    assert status == 1 and "over the per-file limit of 0.5 MB" in json.loads(out)["error"]
    status, out, _ = run_cli(capsys, "--jsonl", "--max-file-mb", "5", str(big))
    assert status == 0 and json.loads(out)["error"] is None


def test_same_document_as_docx_and_txt_has_same_content_hash(capsys, tmp_path, samples_dir):
    txt = samples_dir / SEED_NAMES[2]
    d = docx.Document()
    for paragraph in read_file(str(txt)).text.split("\n\n"):
        if paragraph.strip():
            d.add_paragraph(paragraph.strip())
    path = tmp_path / "same.docx"
    d.save(str(path))
    status, out, _ = run_cli(capsys, "--jsonl", str(txt), str(path))
    a, b = (json.loads(line) for line in out.splitlines())
    assert status == 0 and b["format"] == "docx"
    assert a["content_hash"] == b["content_hash"]


def test_subprocess_no_traceback(tmp_path, samples_dir):
    missing = tmp_path / "missing.txt"
    folder = tmp_path / "folder"
    folder.mkdir()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "vankien.cli",
            "extract",
            "--jsonl",
            str(missing),
            str(samples_dir / SEED_NAMES[3]),
            str(folder),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [
        f"vankien extract: {missing}: file not found",
        f"vankien extract: {folder}: is a directory, not a file (pass the files inside it, e.g. dir/*.txt)",
    ]
    objs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [bool(o["error"]) for o in objs] == [True, False, True]
