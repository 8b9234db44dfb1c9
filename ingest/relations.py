"""Which cited documents this text carries out, and which cited documents carry out each other.

Why from the head only: a plan says what it implements in its title and opening sentence ("Thực hiện
Kết luận số 43-KL/TW ..., Ban Thường vụ Tỉnh ủy xây dựng kế hoạch thực hiện như sau"); the body also says
"thực hiện" about many documents it merely cites. The head is everything before the first section heading
("I- MỤC ĐÍCH, YÊU CẦU", "1. Mục đích"), or, with no heading, the first paragraph opening with a relation
verb.

Inside the head, the document right after a relation verb is implemented, and so is every document
coordinated with it ("Thực hiện X và Y"). A document named after "X ... về (việc) tiếp tục thực hiện Y" is
not implemented by this text: X carries Y out, so Y is cited, ``continued_by`` X, and a CitationLink
X -implements-> Y is recorded. The same phrase anywhere in the text ("Chương trình số 27-CTr/TU ... về
thực hiện Nghị quyết số 18-NQ/TW") gives such a link too.
"""

from __future__ import annotations

import re

from ingest.citation_context import Hit
from ingest.find import rules
from ingest.vietnamese import canonical_tones, collapse_ws

_SECTION = re.compile(
    r"^[ \t]*(?:(?:[IVX]{1,4}|1|A)[ \t]*[.\-–)][ \t]*\S|(?i:mục đích|tình hình|đặt vấn đề)\b)", re.M
)
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")
_HEAD_SCAN = 8000


def head_end(text: str) -> int:
    """End of the title + opening sentence region (see the module docstring)."""
    m = _SECTION.search(text, 0, _HEAD_SCAN)
    if m:
        return m.start()
    verbs = tuple(v.casefold() for v in rules().raw["relations"]["implements"]["verbs"])
    pos = 0
    for para in _PARAGRAPH_END.split(text[:3000]):
        pos = text.find(para, pos)
        if canonical_tones(para.strip(" \t\n*#")[:40]).casefold().startswith(verbs):
            return pos + len(para)
        pos += len(para)
    return 0


def assign_relations(text: str, hits: list[Hit], end: int | None = None) -> list[tuple[Hit, Hit]]:
    """Mark implemented hits, set ``continued_by``; return the (source, target) pairs of links.

    ``end`` is :func:`head_end` of the text when the caller already has it."""
    r = rules()
    if end is None:
        end = head_end(text)
    links: list[tuple[Hit, Hit]] = []
    prev: Hit | None = None
    continued: set[int] = set()
    for i, hit in enumerate(hits):
        if hit.kind == "named":
            continue
        if (
            prev is not None
            and prev.kind == "symbol"
            and hit.kind in ("symbol", "short")
            and prev.cont_end >= 0
            and not text[prev.cont_end : hit.kw_start].strip(' \t"“*')
        ):
            links.append((prev, hit))
            continued.add(i)
        prev = hit
    prev = None
    for i, hit in enumerate(hits):
        if hit.kind != "symbol":
            continue
        if hit.kw_start < end:
            if i in continued:
                src = next(s for s, t in links if t is hit)
                if src.implemented and src.symbol is not None:
                    hit.continued_by = src.symbol.text
            else:
                lo = max(0, hit.kw_start - 80)
                vm = r.implements_before.search(text[lo : hit.kw_start])
                if (
                    vm
                    and (not vm.group("ve") or _own_subject_line(text, lo + vm.start("ve")))
                    or prev is not None
                    and prev.implemented
                    and (
                        hit.list_prev
                        or r.connector.fullmatch(text, prev.phrase_end, hit.kw_start)
                        or _after_semicolon(text, prev, hit)
                    )
                ):
                    hit.implemented = True
        prev = hit
    return links


_SEMICOLON_GAP = re.compile(r"[^.:;\n\"“”]{0,300};[ \t]*(?:và[ \t]+)?")


def _after_semicolon(text: str, prev: Hit, hit: Hit) -> bool:
    """ "Căn cứ X ... về a, b, c; Y ...": a ";" separates the documents of one list of bases even when X's
    unquoted subject (read up to its first comma) stopped short of it."""
    return not prev.subject_quoted and bool(_SEMICOLON_GAP.fullmatch(text, prev.phrase_end, hit.kw_start))


def _own_subject_line(text: str, at: int) -> bool:
    """Is the "V/v" at ``at`` the document's own subject line ("V/v triển khai thực hiện Kết luận số
    14-KL/TW" under the number of a Công văn)? Only at a line start: "X ... v/v thực hiện Y" in a sentence
    says what X is about."""
    if text[at : at + 3].casefold() != "v/v":
        return False
    return not text[text.rfind("\n", 0, at) + 1 : at].strip(" \t*#_>")


def link_evidence(text: str, source: Hit, target: Hit) -> str:
    """The words from the source's kind word to the target's symbol, white space collapsed."""
    return collapse_ws(text[source.kw_start : target.end])


__all__ = ["assign_relations", "head_end", "link_evidence"]
