"""Citations of the five seeds against the gold annotation (tests/data/gold_seeds.json).

Per numbered citation: symbol, kind, date, issuer, term, relation, continued_by (gold implemented_via),
mention count and lines, raw surface forms; no extra numbered citations; links between cited documents.
Unnumbered (named) citations are scored by precision/recall (printed, and held to what we reach).
"""

from __future__ import annotations

import pytest
from conftest import SEED_NAMES

from ingest.citations import extract_citations
from ingest.evaluate import evaluate
from ingest.reader import read_file

_CACHE: dict[str, tuple] = {}


def _extract(samples_dir, name):
    if name not in _CACHE:
        src = read_file(str(samples_dir / name))
        _CACHE[name] = (src, *extract_citations(src))
    return _CACHE[name]


def _gold_citations():
    from conftest import load_gold

    return [(name, g["symbol"]) for name, doc in sorted(load_gold().items()) for g in doc["citations"]]


@pytest.mark.parametrize(("name", "symbol"), _gold_citations())
def test_numbered_citation(gold, samples_dir, name, symbol):
    g = next(c for c in gold[name]["citations"] if c["symbol"] == symbol)
    src, citations, _, _ = _extract(samples_dir, name)
    found = [c for c in citations if c.symbol == symbol]
    assert len(found) == 1, f"{symbol} found {len(found)} times"
    c = found[0]
    assert c.kind == g["kind"]
    assert c.date == g["date"]
    assert c.issuer == g["issuer"]
    assert c.term == g["term"]
    assert c.relation == g["relation"]
    assert c.continued_by == g.get("implemented_via")
    assert len(c.mentions) == g["mentions"]
    assert [m.line for m in c.mentions] == g["lines"]
    assert sorted({m.text for m in c.mentions}) == sorted(g["surface_forms"])
    # gold also lists forms of number-less references ("Chỉ thị của Ban Thường vụ Tỉnh ủy"): a subset
    assert c.issuer_as_written and set(c.issuer_as_written) <= set(g["issuer_as_written"])
    for m in c.mentions:  # offsets are raw offsets, text is the raw slice
        assert src.raw[m.start : m.end] == m.text
        assert m.sentence and "\n" not in m.sentence


@pytest.mark.parametrize("name", SEED_NAMES)
def test_no_extra_numbered_citations(gold, samples_dir, name):
    _, citations, _, _ = _extract(samples_dir, name)
    assert sorted(c.symbol for c in citations if c.symbol) == sorted(
        g["symbol"] for g in gold[name]["citations"]
    )


@pytest.mark.parametrize("name", SEED_NAMES)
def test_implements_matches_document(gold, samples_dir, name):
    _, citations, _, _ = _extract(samples_dir, name)
    assert sorted(c.symbol for c in citations if c.relation == "implements") == sorted(
        gold[name]["document"]["implements"]
    )


@pytest.mark.parametrize("name", SEED_NAMES)
def test_links_between_cited_documents(gold, samples_dir, name):
    _, citations, links, _ = _extract(samples_dir, name)
    want = {(g["source"], g["relation"], g["target"]) for g in gold[name].get("inter_citation_relations", [])}
    assert {(link.source, link.relation, link.target) for link in links} == want
    for link in links:  # evidence runs from the source's kind word to the target's symbol
        assert link.target.split("-")[0] in link.evidence and link.source in link.evidence


def test_named_citations_precision_recall(capsys):
    scores = evaluate()
    with capsys.disabled():
        for key in ("symbols", "named", "named.issuer", "links"):
            print("\n" + scores[key].line(key), end="")
        print()
    named = scores["named"]
    assert named.precision >= 1.0 and named.recall >= 1.0, named.misses
    assert scores["named.issuer"].recall >= 1.0, scores["named.issuer"].misses


def test_all_fields_perfect_on_seeds():
    scores = evaluate()
    for key, score in scores.items():
        assert score.precision == 1.0 and score.recall == 1.0, (key, score.misses)
