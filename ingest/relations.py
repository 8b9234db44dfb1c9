"""Which cited documents this text carries out, and which cited documents carry out each other.

Why from the head only: a plan says what it implements in its title and opening sentence ("Thực hiện
Kết luận số 43-KL/TW ..., Ban Thường vụ Tỉnh ủy xây dựng kế hoạch thực hiện như sau"); the body also says
"thực hiện" about many documents it merely cites. The head is everything before the first section heading
("I- MỤC ĐÍCH, YÊU CẦU", "1. Mục đích"), or, with no heading, the first paragraph opening with a relation
verb.

Inside the head, the document right after a relation verb is implemented, and so is every document
coordinated with it ("Thực hiện X và Y"), also past an alias definition of X ("X (sau đây gọi tắt là ...)
và Y"), past the rest of X's unquoted subject in an opening sentence, and after an unnumbered first basis
("Thực hiện Nghị quyết Đại hội ... lần thứ XXVI, nhiệm kỳ 2020 - 2025 và Chương trình số 12-CTr/TU"; a
named citation carries no relation itself, it only starts the list). A document named after "X ... về (việc) tiếp tục thực hiện Y" is
not implemented by this text: X carries Y out, so Y is cited, ``continued_by`` X, and a CitationLink
X -implements-> Y is recorded; a document coordinated after Y's closed quoted title ("... Y "<title>" và
Z") is X's fellow object again. The same phrase anywhere in the text ("Chương trình số 27-CTr/TU ... về
thực hiện Nghị quyết số 18-NQ/TW") gives such a link too.
"""

from __future__ import annotations

import re
from functools import cache

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
    verbs = _verbs()
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
    for i, hit in enumerate(_through_head(hits, end)):
        if hit.kind == "short":
            if hit.kw_start < end and _implements_mention(text, hit):
                hit.implemented = True
            continue
        if hit.kind == "named" and hit.kw_start >= end:
            continue
        if hit.kw_start < end and r.retrospective.match(_sentence_opening(text, hit.kw_start)):
            prev = hit  # "Sau 10 năm thực hiện X và Y, ...": X and Y are weighed, not carried out
            continue
        if prev is not None and hit.start < _after_alias(text, prev.phrase_end):
            continue  # "X (sau đây gọi tắt là X) và Y": the alias re-mentions X, Y is coordinated with X
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
                        or r.connector.fullmatch(text, _after_alias(text, prev.phrase_end), hit.kw_start)
                        or _after_subject(text, prev, hit)
                    )
                    or _after_continued_title(text, prev, hit)
                ):
                    hit.implemented = True
        prev = hit
    return links


def _through_head(hits: list[Hit], end: int) -> list[Hit]:
    """The hits up to the last one whose phrase starts in the head: a later hit changes nothing in
    :func:`assign_relations`'s second pass (it only becomes ``prev`` for hits after the head too)."""
    last = max((i for i, hit in enumerate(hits) if hit.kw_start < end), default=-1)
    return hits[: last + 1]


_BLANKS = re.compile(r"[ \t]*")


def _after_alias(text: str, pos: int) -> int:
    """End of an alias definition right at ``pos`` ("(sau đây gọi tắt là Quy định 144)"), else ``pos``."""
    am = rules().alias.match(text, _BLANKS.match(text, pos).end())  # type: ignore[union-attr]
    return am.end() if am else pos


@cache
def _subject_gap() -> re.Pattern[str]:
    """The rest of an unquoted subject, then "; (và)" or ", và" (an alias definition may stand before it)."""
    alias = rules().alias.pattern
    # a subject wrapped onto the next line by a converter goes on; a blank line ends it
    return re.compile(
        r"(?:[^.:;\n]|\n(?![ \t]*\n)){0,300};[ \t]*(?:và[ \t]+)?"  # "; " ends a basis, quotes and all
        rf"|(?P<and>(?:[^.:;\n\"“”()]|\n(?![ \t]*\n)){{0,300}}?(?:[ \t]*{alias})?\s*,?[ \t]*và[ \t]+)"
    )


def _after_subject(text: str, prev: Hit, hit: Hit) -> bool:
    """ "Căn cứ X ... về a, b, c; Y ..." / "Thực hiện X về a, b (sau đây gọi tắt là X) và Y ...": the
    documents of one list of bases, although X's unquoted subject (read up to its first comma) stopped
    short of the separator. "và" only after a subject: "X, Ban Thường vụ ban hành Kế hoạch và Y" is no list."""
    if prev.subject_quoted:
        return False
    m = _subject_gap().fullmatch(text, prev.phrase_end, hit.kw_start)
    if not m:
        return False
    return m.group("and") is None or prev.subject is not None and _opens_with_verb(text, prev.kw_start)


def _after_continued_title(text: str, prev: Hit | None, hit: Hit) -> bool:
    """ "Thực hiện X về tiếp tục thực hiện Y "<title>" và Z": the closed quoted title ends Y, so Z is the
    next object of "Thực hiện", coordinated with X (carried out), not a second document X continues."""
    return (
        prev is not None
        and prev.continued_by is not None
        and prev.subject_quoted
        and rules().connector.fullmatch(text, prev.phrase_end, hit.kw_start) is not None
    )


def _sentence_opening(text: str, pos: int) -> str:
    """The case-folded words from the start of the sentence holding ``pos`` up to ``pos``."""
    start = max(text.rfind("\n", 0, pos), text.rfind(". ", 0, pos) + 1) + 1
    return canonical_tones(text[start:pos].lstrip(" \t*#_")).casefold()


def _opens_with_verb(text: str, pos: int) -> bool:
    """Does the sentence holding ``pos`` open with a relation verb ("Thực hiện X ..., và Y ..., Ban Thường vụ
    ban hành")? A narrative sentence ("Sau 5 năm thực hiện X ... và Y ..., việc học tập đã ...") lists what
    was done, not the bases of this text."""
    opening = _sentence_opening(text, pos)
    opening = opening[3:] if opening.startswith("để ") else opening
    return opening.startswith(_verbs())


def _implements_mention(text: str, hit: Hit) -> bool:
    """A re-mention right after the relation verb of an opening sentence ("Để tiếp tục thực hiện có hiệu
    quả Chỉ thị 05 ..., Ban Thường vụ chỉ thị:"): the document weighed by an earlier retrospective sentence
    is the one this text carries out."""
    lo = max(0, hit.kw_start - 80)
    vm = rules().implements_before.search(text[lo : hit.kw_start])
    return vm is not None and not vm.group("ve") and _opens_with_verb(text, hit.kw_start)


@cache
def _verbs() -> tuple[str, ...]:
    return tuple(canonical_tones(v).casefold() for v in rules().raw["relations"]["implements"]["verbs"])


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
