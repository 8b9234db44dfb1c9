"""Entity resolution: which directive node a citation, or a user's free-text reference, means.

Why rules and a recorded confidence rather than "first match": a symbol is not unique ("18-NQ/TW" is a
2017 and a 2022 resolution), and a wrong edge is worse than a missing one. A citation that states its date
is bound to that year's node when the facts are built; one without a date is resolved here, every time the
set of candidate nodes changes, so the answer never depends on ingest order:

1. no dated node with that symbol key -> the placeholder node ``dir:<key>/?`` (it merges into the dated node
   as soon as one is known, because the reference is then re-resolved);
2. candidates that contradict the citation are dropped: a term (khóa) whose years exclude the candidate, a
   candidate dated after the citing document (nothing cites the future);
3. one candidate left -> it; several -> scored by issuer, term, subject words and recency before the citing
   date; the best wins only by a clear margin, else the link goes to the placeholder, method "ambiguous",
   with the candidates recorded on the edge. Method, confidence and candidates are stored on every edge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from graph import ids
from graph.schema import load_schema
from ingest.vietnamese import fold_diacritics, match_key

CLEAR_MARGIN = 1.0
_WORD = re.compile(r"\w{2,}")


@dataclass(frozen=True)
class Resolution:
    target: str
    method: str  # "dated", "unknown-year", "single", "filtered", "chosen", "excluded", "ambiguous"
    confidence: float
    candidates: tuple[str, ...] = ()


@lru_cache(maxsize=1 << 16)
def _key(text: str) -> str:
    """``match_key``, cached: a reference is scored against every candidate, and every reference to a key is
    re-resolved whenever its candidates change, so the same issuers and terms are compared over and over."""
    return match_key(text)


@lru_cache(maxsize=1 << 16)
def subject_words(text: str | None) -> frozenset[str]:
    """The words :func:`subject_similarity` compares (the store's title index holds the same words)."""
    return frozenset(_WORD.findall(fold_diacritics(_key(text)))) if text else frozenset()


def subject_similarity(a: str | None, b: str | None) -> float:
    """Share of the shorter text's words found in the other (diacritics folded: OCR slips still match).

    Containment, not Jaccard: a citation often quotes a few words of a long title ("về ... sử dụng đất")."""
    wa, wb = subject_words(a), subject_words(b)
    if not wa or not wb:
        return 0.0
    return similarity(len(wa & wb), len(wa), len(wb))


def similarity(shared: int, size_a: int, size_b: int) -> float:
    """:func:`subject_similarity` from word counts: ``shared`` of the two texts' ``size_a`` and ``size_b`` words."""
    return shared / min(size_a, size_b)


def term_years(term: str | None) -> tuple[int, int] | None:
    if not term:
        return None
    span = load_schema().identity["terms"].get(term.strip().upper())
    return (int(span[0]), int(span[1])) if span else None


def _contradicts(hints: dict[str, Any], props: dict[str, Any]) -> str | None:
    """Why a dated candidate cannot be the cited document, or None."""
    year = props.get("year")
    term = hints.get("term")
    if term and props.get("term") and _key(props["term"]) != _key(term):
        return "term"
    span = term_years(term)
    if span and year and not span[0] <= int(year) <= span[1]:
        return "term"
    citing = hints.get("citing_date")
    if citing:
        cdate = props.get("date")
        if cdate and len(cdate) == 10 and len(citing) == 10:
            if cdate > citing:
                return "after citing document"
        elif year and ids.year_of(citing) and int(year) > ids.year_of(citing):
            return "after citing document"
    return None


def _score(hints: dict[str, Any], props: dict[str, Any]) -> float:
    score = 0.0
    if hints.get("issuer") and props.get("issuer"):
        score += 1.0 if _key(hints["issuer"]) == _key(props["issuer"]) else -1.0
    if hints.get("term") and (props.get("term") or term_years(hints["term"])):
        score += 2.0  # survived the term filter: consistent with the stated term
    subject = hints.get("subject")
    if subject:
        score += 3.0 * max(
            subject_similarity(subject, props.get("subject")), subject_similarity(subject, props.get("title"))
        )
    return score


def resolve_reference(dkey: str, hints: dict[str, Any], candidates: dict[str, dict[str, Any]]) -> Resolution:
    """Bind a year-less reference with key ``dkey`` to one of ``candidates`` (dated node id -> props)."""
    placeholder = ids.directive_id(dkey, None)
    dated = {nid: p for nid, p in candidates.items() if nid != placeholder}
    if not dated:
        return Resolution(placeholder, "unknown-year", 1.0)
    kept = {nid: p for nid, p in dated.items() if _contradicts(hints, p) is None}
    listed = tuple(sorted(dated))
    if not kept:
        return Resolution(placeholder, "excluded", 1.0, listed)
    if len(kept) == 1:
        ((nid, props),) = kept.items()
        agree = _score(hints, props)
        base = 0.8 if len(dated) == 1 else 0.75
        conf = min(0.99, base + 0.05 * max(agree, 0.0))
        return Resolution(nid, "single" if len(dated) == 1 else "filtered", round(conf, 2), listed)
    scored = {nid: _score(hints, p) for nid, p in kept.items()}
    citing_year = ids.year_of(hints.get("citing_date"))
    if citing_year:  # the latest candidate not after the citing document is the usual referent
        latest = max(kept, key=lambda n: (str(kept[n].get("date") or kept[n].get("year")), n))
        scored[latest] += 0.5
    ranked = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))
    margin = ranked[0][1] - ranked[1][1]
    if margin >= CLEAR_MARGIN:
        return Resolution(ranked[0][0], "chosen", round(min(0.95, 0.5 + margin / 4), 2), listed)
    return Resolution(placeholder, "ambiguous", round(1 / len(kept), 2), listed)


# -- free-text references ("Nghị quyết 25", "NQ 25", "Kết luận 43 của Ban Bí thư", "25-NQ/TW") ------------


@dataclass(frozen=True)
class RefQuery:
    text: str
    number: str | None = None
    kind_codes: frozenset[str] = frozenset()
    issuer_code: str | None = None
    issuer: str | None = None
    year: int | None = None
    term: str | None = None
    system: str | None = None


@dataclass(frozen=True)
class Candidate:
    id: str
    score: float
    symbol: str | None = None
    kind: str | None = None
    year: int | None = None
    issuer: str | None = None
    title: str | None = None
    why: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "score": round(self.score, 2),
            "symbol": self.symbol,
            "kind": self.kind,
            "year": self.year,
            "issuer": self.issuer,
            "title": self.title,
            "why": list(self.why),
        }


_SYMBOL_IN_TEXT = re.compile(r"(\d{1,4})\s*[-–]\s*([A-Za-zĐđ]{1,5})\s*/\s*([A-Za-zĐđ]{2,10})")
_STATE_IN_TEXT = re.compile(
    r"(\d{1,5})\s*/\s*(?:(\d{4})\s*/\s*)?([A-Za-zĐđ]{1,4})\s*[-–]\s*([A-Za-zĐđ0-9]{1,6})"
)
_YEAR = re.compile(r"(?:năm|nam|/)\s*((?:19|20)\d{2})\b|\b((?:19|20)\d{2})\b")
_TERM = re.compile(r"kh[oó]a\s+([ivxl]+)\b", re.IGNORECASE)
_NUMBER = re.compile(r"\b0*(\d{1,4})\b")


def parse_reference(text: str) -> RefQuery:
    """Read what a user's reference states: number, kind, issuer, year, term."""
    ident = load_schema().identity
    k = match_key(text)
    folded = fold_diacritics(k)
    m = _SYMBOL_IN_TEXT.search(text)
    if m:
        parts = ids.parse_symbol(f"{m.group(1)}-{m.group(2)}/{m.group(3)}")
        rest = text[: m.start()] + " " + text[m.end() :]
        year = _find_year(rest)
        return RefQuery(
            text,
            parts.number,
            frozenset({parts.kind_code}),
            parts.issuer_code,
            _find_issuer(k),
            year,
            _find_term(text),
            "party",
        )
    m = _STATE_IN_TEXT.search(text)
    if m:
        parts = ids.parse_symbol(m.group(0))
        if parts:
            return RefQuery(
                text,
                parts.number,
                frozenset({parts.kind_code}),
                parts.issuer_code,
                None,
                parts.year or _find_year(text[m.end() :]),
                None,
                "state",
            )
    kinds: set[str] = set()
    for word in sorted(ident["kind_words"], key=len, reverse=True):
        if word in k or fold_diacritics(word) in folded:
            kinds.update(ids.norm_kind_code(c) for c in ident["kind_words"][word])
            break
    if not kinds:
        for code in ident["kind_codes"]:
            if re.search(rf"(?<!\w){re.escape(code.casefold())}(?!\w)", k):
                kinds.add(code)
    year = _find_year(text)
    number = None
    for nm in _NUMBER.finditer(text):
        if year is None or nm.group(1) != str(year):
            number = ids.norm_number(nm.group(1))
            break
    return RefQuery(text, number, frozenset(kinds), None, _find_issuer(k), year, _find_term(text))


def _find_year(text: str) -> int | None:
    m = _YEAR.search(text)
    return int(m.group(1) or m.group(2)) if m else None


def _find_term(text: str) -> str | None:
    m = _TERM.search(text)
    return m.group(1).upper() if m else None


def _find_issuer(k: str) -> str | None:
    words = load_schema().identity["issuer_words"]
    tail = k.split(" của ", 1)[1] if " của " in k else k
    for word in sorted(words, key=len, reverse=True):
        if word in tail or fold_diacritics(word) in fold_diacritics(tail):
            return words[word]
    return None


def rank_candidates(query: RefQuery, nodes: list[tuple[str, dict[str, Any]]]) -> list[Candidate]:
    """Score directive nodes (id, props) against a parsed reference; best first, ties by id."""
    out: list[Candidate] = []
    for nid, p in nodes:
        if query.number is None or p.get("number") != query.number:
            continue
        why: list[str] = [f"number {query.number}"]
        score = 1.0
        if query.kind_codes:
            if p.get("kind_code") not in query.kind_codes:
                continue
            score += 3.0
            why.append(f"kind {p.get('kind_code')}")
        if query.issuer_code:
            if (p.get("issuer_code") or "").upper() != query.issuer_code.upper():
                continue
            score += 2.0
            why.append(f"issuer code {query.issuer_code}")
        elif p.get("issuer_code", "").endswith("TW"):
            score += 0.5  # an unqualified reference most often means the central document
        if query.issuer and p.get("issuer"):
            same = match_key(query.issuer) == match_key(p["issuer"])
            score += 1.0 if same else -1.0
            why.append(("issuer " if same else "other issuer ") + p["issuer"])
        if query.year:
            if p.get("year") == query.year:
                score += 3.0
                why.append(f"year {query.year}")
            elif p.get("year"):
                score -= 3.0
        if query.term:
            span = term_years(query.term)
            if p.get("term") == query.term or (span and p.get("year") and span[0] <= p["year"] <= span[1]):
                score += 1.0
                why.append(f"khóa {query.term}")
        out.append(
            Candidate(
                nid,
                score,
                p.get("symbol"),
                p.get("kind"),
                p.get("year"),
                p.get("issuer"),
                p.get("title") or p.get("subject"),
                tuple(why),
            )
        )
    out.sort(key=lambda c: (-c.score, c.id))
    return out
