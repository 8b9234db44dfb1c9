"""Occurrences -> distinct cited documents: merge the mentions of one document, resolve short re-mentions
("Chỉ thị 35") and aliases ("(sau đây gọi tắt là ...)") to the full citation they refer to, and build
the public :class:`~ingest.models.Citation` records with their raw-offset mentions.

Why merge by symbol but split by year: a symbol is not unique across terms (``18-NQ/TW`` is a 2017 and a
2022 resolution). Mentions of one symbol with two different stated years are two documents; an undated
mention belongs to the dated one it follows.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from operator import attrgetter

from ingest.citation_context import Hit, names_of_issuer
from ingest.find import rules
from ingest.models import Citation, CitationLink, Mention
from ingest.relations import link_evidence
from ingest.text import SourceText
from ingest.vietnamese import collapse_ws, match_key

_LAST_END = re.compile(r".*(?:[.;!?](?=\s)|\n[ \t]*\n)", re.S)  # greedy: backtracks from the span start
# one leading class, then which end it is: the engine skips to ".;!?" or a line break in C, where the
# equivalent "[.;!?](?=\s|\Z)|\n[ \t]*\n" made it attempt a match at every character
_NEXT_END = re.compile(r"[.;!?\n](?:(?<=[.;!?])(?=\s|\Z)|(?<=\n)[ \t]*\n)")
_ITEM = re.compile(r"[ \t]*(?:[-+•–][ \t]|\w{1,5}[.)\-][ \t])")
_DIGITS = re.compile(r"\d")
_START = attrgetter("start")


class _Sentences:
    """Sentence of a span, by the rules of :func:`ingest.text.sentence_bounds` (a blank line, a line that
    starts an item, or ". ; ! ?" before white space ends a sentence) but with ``str.find``/``rfind`` (C
    speed) instead of a per-character loop; cached because several mentions share a sentence."""

    def __init__(self, text: str):
        self.text = text
        self.cache: dict[tuple[int, int], str] = {}
        self.spans: list[tuple[int, int]] = []  # sorted sentence bounds found so far

    def _known(self, start: int, end: int) -> tuple[int, int] | None:
        """Bounds of an already found sentence that holds the span: no sentence end lies between them
        and the span (the span is a symbol or a name, which holds none), so they are its bounds too."""
        i = bisect.bisect_right(self.spans, (start, len(self.text) + 1)) - 1
        if i >= 0:
            lo, hi = self.spans[i]
            if lo <= start and end <= hi and hi - lo < 2000:  # far below the 3000-character look-back
                return lo, hi
        return None

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        text = self.text
        m = _LAST_END.match(text, max(0, start - 3000), start)
        lo = m.end() if m else max(0, start - 3000)
        nl = text.rfind("\n", lo, start)
        while nl >= lo:
            if _ITEM.match(text, nl + 1):
                lo = nl + 1
                break
            nl = text.rfind("\n", lo, nl)
        m = _NEXT_END.search(text, end)
        hi = (m.start() + (m.group()[0] != "\n")) if m else len(text)
        nl = text.find("\n", end, hi)
        while nl >= 0:
            if _ITEM.match(text, nl + 1):
                hi = nl
                break
            nl = text.find("\n", nl + 1, hi)
        while lo < hi and text[lo].isspace():
            lo += 1
        return lo, hi

    def __call__(self, start: int, end: int) -> str:
        key = self._known(start, end)
        if key is None:
            key = self.bounds(start, end)
            bisect.insort(self.spans, key)
        sentence = self.cache.get(key)
        if sentence is None:
            sentence = self.cache[key] = collapse_ws(self.text[key[0] : key[1]])
        return sentence


def _year(hit: Hit) -> int | None:
    return int(hit.date[:4]) if hit.date else None


def _group_symbols(hits: list[Hit]) -> list[list[Hit]]:
    """One group per document: same symbol, split when the stated years differ."""
    by_symbol: dict[str, list[Hit]] = defaultdict(list)
    for hit in hits:
        if hit.kind == "symbol" and hit.symbol is not None:
            by_symbol[hit.symbol.text].append(hit)
    groups: list[list[Hit]] = []
    for same in by_symbol.values():
        if len(same) == 1:  # most documents are cited once: nothing to split
            groups.append(same)
            continue
        years = {y for y in map(_year, same) if y is not None}
        if len(years) <= 1:
            groups.append(same)
            continue
        by_year: dict[int, list[Hit]] = {}
        current: int | None = None
        pending: list[Hit] = []
        for hit in same:
            y = _year(hit)
            if y is not None:
                current = y
                by_year.setdefault(y, []).extend(pending)
                pending = []
                by_year[y].append(hit)
            elif current is None:
                pending.append(hit)
            else:
                by_year[current].append(hit)
        groups.extend(by_year.values())
    return groups


def _share_lists(hits: list[Hit]) -> None:
    """Bare list items share the kind of the first item and the date/issuer/term of the last one; a first
    mention with no tail takes the issuer of the kind-worded item coordinated after it."""
    symbols = [h for h in hits if h.kind == "symbol"]
    for i, hit in enumerate(symbols):
        if hit.list_prev and i > 0:
            head = symbols[i - 1]
            if hit.kind_word is None and head.kind_word is not None:
                hit.kind_word, hit.kind_name = head.kind_word, head.kind_name
                hit.kw_start = head.kw_start
    first_of = {}
    for hit in symbols:
        first_of.setdefault(hit.symbol.text, hit)  # type: ignore[union-attr]
    for i in range(len(symbols) - 2, -1, -1):
        nxt, hit = symbols[i + 1], symbols[i]
        if nxt.list_prev:
            for field in ("date", "issuer", "issuer_written", "term"):
                if getattr(hit, field) is None:
                    setattr(hit, field, getattr(nxt, field))
        elif nxt.issuer_for_prev and hit.issuer is None and first_of[hit.symbol.text] is hit:  # type: ignore[union-attr]
            hit.issuer, hit.issuer_written = nxt.issuer, nxt.issuer_written  # a first mention only


def _resolve_short(groups: list[list[Hit]], hits: list[Hit], text: str = "") -> None:
    """Attach "Chỉ thị 35" to the latest earlier document of that kind and number; failing that, to the one
    later document that fits (a news headline "... thực hiện Nghị quyết 71" before the lead cites it in full).

    When several documents fit (19-NQ/TW and 19-NQ/TU), a re-mention coordinated with another one
    ("Nghị quyết 18 và Nghị quyết 19") refers to the same series as its partner: same issuer code."""
    r = rules()
    chosen: list[tuple[Hit, list[list[Hit]]]] = []
    for hit in hits:
        if hit.kind != "short" or hit.number is None:
            continue
        rule = r.kind_by_form.get(match_key(hit.kind_word or ""))
        fits: list[list[Hit]] = []
        later: list[list[Hit]] = []
        for group in groups:
            first = group[0]
            sym = first.symbol
            if sym is None or int(sym.number) != int(hit.number):
                continue
            if (
                rule is not None
                and sym.kind_code
                and sym.kind_code.casefold() not in {c.casefold() for c in rule.codes}
            ):
                continue
            (later if first.start >= hit.start else fits).append(group)
        if not fits and len(later) == 1:
            fits = later
        if fits:
            fits.sort(key=lambda g: g[0].start)
            chosen.append((hit, fits))
    for i, (hit, fits) in enumerate(chosen):
        best = fits[-1]
        if len(fits) > 1:
            for j in (i - 1, i + 1):
                if 0 <= j < len(chosen) and len(chosen[j][1]) == 1:
                    a, b = sorted((hit, chosen[j][0]), key=lambda h: h.start)
                    if _COORDINATED.fullmatch(text, a.end, b.start):
                        code = chosen[j][1][0][0].symbol.issuer_code  # type: ignore[union-attr]
                        best = next((g for g in reversed(fits) if g[0].symbol.issuer_code == code), best)  # type: ignore[union-attr]
                        break
        best.append(hit)


_COORDINATED = re.compile(r"[ \t]*(?:,|và|,[ \t]*và)[ \t]*")


def _resolve_aliases(
    text: str, groups: list[list[Hit]], aliases: list[tuple[str, Hit | None, int, int]]
) -> None:
    """An alias without a symbol of its own ("(sau đây gọi tắt là Chỉ thị)") becomes a mention wherever it
    occurs after its definition."""
    for alias, target, start, _end in aliases:
        if target is None or _DIGITS.search(alias) or len(alias.split()) < 2:
            continue  # symbols and short forms are found by the anchor pass; one word is too loose
        group = next((g for g in groups if target in g), None)
        if group is None:
            continue
        seen = {h.start for h in group}
        for m in re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)(?![ \t]+này)", text[start:]):
            pos = start + m.start()
            if pos not in seen:
                group.append(Hit("short", pos, pos + len(alias), pos, kind_word=alias))
                seen.add(pos)


def _fullest(values: list[str]) -> str | None:
    return max(values, key=len) if values else None


def _issuer(hits: list[Hit]) -> str | None:
    chosen: str | None = None
    for hit in hits:
        if hit.issuer is None:
            continue
        if chosen is None or (hit.issuer.startswith(chosen) and len(hit.issuer) > len(chosen)):
            chosen = hit.issuer
    return chosen


def _ordered_unique(values: list[str | None]) -> tuple[str, ...]:
    out: list[str] = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return tuple(out)


def _mentions(src: SourceText, hits: list[Hit], sentence: _Sentences) -> tuple[Mention, ...]:
    out = []
    for hit in sorted(hits, key=_START):
        rs, re_ = src.raw_span(hit.start, hit.end)
        out.append(Mention(rs, re_, src.raw[rs:re_], sentence(hit.start, hit.end), src.line_of(rs)))
    return tuple(out)


def build_citations(
    src: SourceText,
    hits: list[Hit],
    aliases: list[tuple[str, Hit | None, int, int]],
    links: list[tuple[Hit, Hit]],
) -> tuple[list[Citation], list[CitationLink], list[str]]:
    r = rules()
    text = src.text
    warnings: list[str] = []
    sentence = _Sentences(text)
    _share_lists(hits)
    groups = _group_symbols(hits)
    _resolve_short(groups, hits, text)
    _resolve_aliases(text, groups, aliases)

    built: list[tuple[int, Citation]] = []
    symbol_of: dict[int, str] = {}  # id(hit) -> symbol of its document
    for group in groups:
        symbols: list[Hit] = []
        dates: list[str] = []
        kinds: list[str] = []
        term = subject = quoted = continued = None
        implemented = False  # also by a re-mention (a "short" hit), see relations.py
        start = group[0].start
        for h in group:  # one pass over the occurrences instead of one per field
            if h.start < start:
                start = h.start
            implemented = implemented or h.implemented
            if h.kind != "symbol":
                continue
            symbols.append(h)
            if h.date:
                dates.append(h.date)
            if h.kind_name:
                kinds.append(h.kind_name)
            term = term or h.term
            subject = subject or h.subject
            if h.subject_quoted and quoted is None:
                quoted = h.subject
            continued = continued or h.continued_by
        first = symbols[0]
        sym = first.symbol
        assert sym is not None
        symbol_of.update(dict.fromkeys(map(id, group), sym.text))
        if len(dates) > 1 and len(set(dates)) > 1:
            line = src.line_of(src.raw_span(first.start, first.end)[0])
            warnings.append(f"line {line}: {sym.text} is cited with different dates {sorted(set(dates))}")
        for h in symbols:
            if h.kind_word and h.kind_name is None:
                line = src.line_of(src.raw_span(h.start, h.end)[0])
                warnings.append(f"line {line}: kind word {h.kind_word!r} does not fit the code of {sym.text}")
        one = len(symbols) == 1  # most documents are cited once: no merging of their fields
        issuer = first.issuer if one else _issuer(symbols)
        if issuer is None and sym.system == "state":
            issuer = r.issuer_by_code.get(sym.issuer_code.rstrip("0123456789").casefold())
        date = dates[0] if dates else None
        citation = Citation(
            symbol=sym.text,
            kind=_fullest(kinds),
            relation="implements" if implemented else "cites",
            system="state" if sym.system == "state" else "party",
            number=sym.number,
            kind_code=sym.kind_code,
            issuer_code=sym.issuer_code,
            date=date,
            year=int(date[:4]) if date else sym.year,
            issuer=issuer,
            issuer_as_written=((first.issuer_written,) if first.issuer_written else ())
            if one
            else _ordered_unique([h.issuer_written for h in symbols]),
            term=term,
            subject=quoted or subject,
            continued_by=continued,
            mentions=_mentions(src, group, sentence),
        )
        built.append((start, citation))

    numbered_names = {
        key
        for h in hits
        if h.kind == "symbol" and h.kind_name and h.issuer_written
        for key in names_of_issuer(h.kind_name, h.issuer_written)
    }
    named: dict[str, list[Hit]] = {}
    for hit in hits:
        if hit.kind == "named" and hit.name and (key := match_key(hit.name)) not in numbered_names:
            named.setdefault(key, []).append(hit)
    for group in named.values():
        first = group[0]
        attached = next((h.attached_to for h in group if h.attached_to is not None), None)
        citation = Citation(
            symbol=None,
            kind=first.kind_name,
            system="named",
            name=first.name,
            issuer=next((h.issuer for h in group if h.issuer), None),
            term=next((h.term for h in group if h.term), None),
            attached_to=symbol_of.get(id(attached)) if attached is not None else None,
            mentions=_mentions(src, group, sentence),
        )
        built.append((first.start, citation))
    built.sort(key=lambda x: x[0])

    out_links: list[CitationLink] = []
    seen: set[tuple[str, str]] = set()
    for source, target in links:
        s, t = symbol_of.get(id(source)), symbol_of.get(id(target))
        if s is None or t is None or s == t or (s, t) in seen:
            continue
        seen.add((s, t))
        rs, re_ = src.raw_span(source.kw_start, target.end)
        out_links.append(CitationLink(s, "implements", t, link_evidence(text, source, target), rs, re_))
    return [c for _, c in built], out_links, warnings


__all__ = ["build_citations"]
