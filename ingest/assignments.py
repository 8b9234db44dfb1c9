"""Who does what in a task item: agencies with their role (lead, cooperate, advise, report_to, responsible).

How: the item is cut into sentences and clauses; at each clause start we look for the grammatical subject
(a coordinated list of bodies, possibly after an opener such as "Giao", "Căn cứ Kế hoạch này", "Hằng năm,");
then each role verb of the sentence is resolved locally:

- "chủ trì" -> the current subject leads, or X in "lãnh đạo X chủ trì" (the directing body is responsible);
- "phối hợp (với) X" -> X cooperates, unless a noun precedes ("công tác/quy chế phối hợp với X");
- "tham mưu (cho) Y" -> the current subject advises Y, or X in "lãnh đạo X tham mưu Y";
- "báo cáo ... (về|với|để ...) Y (qua Z)" -> Y (and Z, via) receive the reports; "nghe báo cáo" does not count;
- "X yêu cầu / đề nghị / giao Y ..." -> Y is the subject, not the issuer X;
- every subject without a lead/advise/cooperate role in the item is ``responsible``.

Why so local: plan sentences are formulaic, and a wrong agency is worse than a missing one. Only clause
starts and the words right after a role verb are tried, each with one compiled ``match``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from itertools import islice

from ingest.agencies import AgencyList, Found, agency_key, list_start_regex, match_list
from ingest.patterns import anchored_matches, start_filter, tone_variants
from ingest.rules import load_rules

__all__ = ["Hit", "analyze"]

ROLE_ORDER = {"responsible": 0, "lead": 1, "advise": 2, "cooperate": 3, "report_to": 4}


@dataclass(slots=True)
class Hit:
    """One (agency, role) found in the cleaned text (read-only; not frozen for speed, see agencies.Found)."""

    agency: Found
    role: str
    key: str
    span: AgencyList | None = None  # the list it was split from (None for a one-body list)
    evidence: tuple[int, int] | None = None
    advises: str | None = None
    via: bool = False


def _words_before(words: list[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    alt = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    return re.compile(tone_variants(rf"(?<!\w)(?:{alt})\s+$"), re.IGNORECASE)


@cache
def _rules() -> dict:
    rules = load_rules("structure")["roles"]
    flags = re.IGNORECASE
    names = {"lead": "lead", "cooperate": "coop", "advise": "adv", "report_to": "rep", "directs": "dir"}
    alts = "|".join(f"(?P<{names[k]}>{rules[k]['pattern']})" for k in names)
    entries = load_rules("structure")["openers"]
    openers = re.compile(
        tone_variants("|".join(f"(?P<o{i}>{o['pattern']})" for i, o in enumerate(entries)) + r"(?!\w)"), flags
    )
    rep = rules["report_to"]
    objects = "|".join(map(re.escape, rep["objects"]))
    return {
        "role": re.compile(tone_variants(rf"(?<!\w)(?:{alts})(?!\w)"), flags),
        "anchors": sorted({a for k in names for a in rules[k]["anchors"]}),
        "not_after": {names[k]: _words_before(rules[k].get("not_after", [])) for k in names},
        "not_before": re.compile(
            tone_variants(r"\s*(?:" + "|".join(map(re.escape, rep.get("not_before", []))) + r")(?!\w)"), flags
        ),
        "prep": re.compile(tone_variants(rf"(?<!\w)(?:{objects})\s+"), flags),
        "via": re.compile(tone_variants(rf"\s*\(?\s*{rep['via']}\s+"), flags),
        "openers": openers,
        "request": re.compile(
            tone_variants(r"\s+(?:" + load_rules("structure")["requests"]["pattern"] + r")(?!\w)"), flags
        ),
        "object_label": re.compile(
            tone_variants(r"(?<!\w)(?:" + load_rules("structure")["object_labels"]["pattern"] + r")"), flags
        ),
        "opener_modes": {f"o{i}": o["mode"] for i, o in enumerate(entries)},
        "may_open": start_filter(openers),
        "may_subject": start_filter(openers, also=list_start_regex()),
    }


# White space, bullets and opening quotes before a sentence's first word, then the marker of a sub-item
# ("a) Sở X chịu trách nhiệm ...", "(2) Giao Y chủ trì ..."): its subject is the responsible body like any
# sentence's ("a." needs nothing: its full stop is an event of its own).
_LEAD = r"[\s\-+•–*\"“”(]*(?:(?<=[\s(])(?:[a-zđ]|\d{1,2})\)[ \t]+)?"
_LEAD_IN = re.compile(_LEAD)
# Every place that may end a sentence or a clause, in one pass; each branch consumes only its punctuation
# (and a bullet line's indent), and captures where the next sentence would start (after the lead-in):
# b: a line starting with a bullet; m: a line starting with a sub-item marker ("a) ", "2) ": the line before
# it may be a lead-in without punctuation, "Công tác nhân sự\na) Ban X ..."); p: a blank line; c: "; " or
# ": "; s: . ! ? … (closing quotes) + space.
# The leading class lets the engine skip to candidates in C; the branches then tell them apart.
_EVENTS = re.compile(
    r"[\n;:.!?…](?:"
    rf"(?<=\n)[ \t]*(?P<b>[-+•–])(?=(?P<bp>{_LEAD}))"
    rf"|(?<=\n)(?=[ \t]*(?:[a-zđ]|\d{{1,2}})\)[ \t])(?=(?P<mp>{_LEAD}))"
    rf"|(?<=\n)(?=[ \t]*(?=\n)(?P<pp>{_LEAD}))"
    rf"|(?<=[;:])(?=\s)(?=(?P<cp>{_LEAD}))"
    rf"|(?<=[.!?…])[\"”’)\]]*(?=\s)(?=(?P<sp>{_LEAD}))"
    ")"
)
_COMMA = re.compile(r",\s*")
_WORD_GAP = re.compile(r"\s+")
_CLAUSE_END = re.compile(r"[.;:!?](?=\s)")
_ENDS_SENTENCE = ".!?…;:"


def _skip(text: str, pos: int, end: int) -> int:
    m = _LEAD_IN.match(text, pos, end)
    return m.end() if m else pos


def _sentences(text: str, start: int, end: int, breaks: tuple[int, ...]) -> list[tuple[int, int, list[int]]]:
    """Sentences of ``text[start:end]`` as (start, end, clause starts). A line break ends a sentence only
    after sentence punctuation or before a bullet (converters wrap paragraphs mid-sentence); a full stop
    followed by a lower-case word ("đề án... để") does not.

    Built in one walk: every event's position is where the lead-in after its punctuation ends, and a lead-in
    is one run of a character class (plus the sub-item marker right after that run, which holds no event
    character), so positions come out of the scan in order (equal ones merge, a sentence end wins over a
    clause end) and no sort is needed; forced breaks are merged in.
    """
    first = _skip(text, start, end)
    if first >= end:
        return []
    ends: list[int] = [first]  # event positions, increasing
    kinds: list[bool] = [True]  # True: a sentence starts there, False: a clause
    last = first
    for m in _EVENTS.finditer(text, start, end):
        kind = m.lastgroup
        if kind == "cp":
            pos = m.end("cp")
            sentence = False
        elif kind == "sp":
            pos = m.end("sp")
            if pos >= end or text[pos].islower():
                continue
            sentence = True
        elif kind == "mp":
            pos = m.end("mp")
            sentence = True
        elif kind == "bp":
            if not text[m.start("b") + 1 : m.start("b") + 2].isspace():
                continue
            pos = m.end("bp")
            sentence = True
        else:  # a blank line ends a sentence only after sentence punctuation
            k = m.start()
            while k > start and text[k - 1] in " \t":
                k -= 1
            if not (k > start and text[k - 1] in _ENDS_SENTENCE):
                continue
            pos = m.end("pp")
            sentence = True
        if pos >= end:
            break  # positions only grow from here
        if pos == last:
            kinds[-1] = kinds[-1] or sentence
        elif pos > last:
            ends.append(pos)
            kinds.append(sentence)
            last = pos
        else:  # pragma: no cover - lead-ins end where their run ends, positions cannot go back
            raise AssertionError("sentence events out of order")
    for b in breaks:
        if start < b < end:
            pos = _skip(text, b, end)
            if pos >= end:
                continue
            i = bisect_left(ends, pos)
            if i < len(ends) and ends[i] == pos:
                kinds[i] = True
            else:
                ends.insert(i, pos)
                kinds.insert(i, True)
    out: list[tuple[int, int, list[int]]] = []
    clauses: list[int] = []
    s0 = first
    for pos, sentence in zip(ends, kinds, strict=True):
        if sentence:
            if clauses:
                out.append((s0, pos, clauses))
            s0 = pos
            clauses = [pos]
        else:
            clauses.append(pos)
    out.append((s0, end, clauses))
    return out


def _predicate_follows(text: str, pos: int, end: int) -> bool:
    """Does a verb phrase follow the list ("Ban X chủ trì", "Ban X: chủ trì", "Ban X, trên cơ sở ...")?"""
    while pos < end and text[pos] in " \t\n,":
        pos += 1
    return pos < end and (text[pos].isalpha() or text[pos] in ":(")


def _subject_at(text: str, pos: int, end: int) -> AgencyList | None:
    """The subject list at a clause start (directly or after an opener: "Giao", "Căn cứ ...", "Hằng năm,");
    in "X yêu cầu Y ..." the subject is Y."""
    if not _rules()["may_subject"](text, pos):  # most clauses start with a verb: one cheap test
        return None
    return _subject_checked(text, pos, end)


def _subject_checked(text: str, pos: int, end: int) -> AgencyList | None:
    """:func:`_subject_at` after its cheap pre-check passed (the hot loop of :func:`analyze` runs the
    check inline: two thirds of the clause starts stop there)."""
    lst = _subject_at_start(text, pos, end)
    if lst and lst.agencies:
        rq = _rules()["request"].match(text, lst.end, end)
        if rq:
            asked = _list_after(text, rq.end(), end)
            if asked and _predicate_follows(text, asked.end, end):
                return asked
    return lst


def _subject_at_start(text: str, pos: int, end: int) -> AgencyList | None:
    lst = match_list(text, pos, end)
    if lst and (lst.persons_only or (lst.agencies and _predicate_follows(text, lst.end, end))):
        return lst
    rules = _rules()
    om = rules["openers"].match(text, pos, end) if rules["may_open"](text, pos) else None
    if not om:
        return None
    mode = rules["opener_modes"][om.lastgroup]
    ce = _CLAUSE_END.search(text, pos, end)
    clause_end = ce.start() if ce else end
    if om.end() > clause_end:
        return None
    tries: list[int] = []
    if mode in ("direct", "time"):
        p = om.end()
        while p < clause_end and text[p] in " ,\t\n":
            p += 1
        tries.append(p)
    if mode == "words":
        tries.extend(g.end() for g in islice(_WORD_GAP.finditer(text, om.end(), clause_end), 12))
    if mode in ("time", "comma"):
        tries.extend(c.end() for c in islice(_COMMA.finditer(text, om.end(), clause_end), 4))
    for p in tries:
        lst = match_list(text, p, clause_end)
        if lst and lst.agencies and _predicate_follows(text, lst.end, end):
            return lst
    return None


def _subject_before(text: str, s0: int, verb: int, spans: list[tuple[int, int]]) -> AgencyList | None:
    """A list that starts after one of the last commas before ``verb`` (directly or after a direct opener:
    "X lãnh đạo Y xây dựng ..., giao Z chủ trì": Z leads, not X) and ends right before it."""
    rules = _rules()
    commas = [c.end() for c in _COMMA.finditer(text, s0, verb)]
    for p in reversed(commas[-4:]):
        if _inside(p, spans):
            continue
        om = rules["openers"].match(text, p, verb) if rules["may_open"](text, p) else None
        if om and rules["opener_modes"][om.lastgroup] == "direct":
            p = om.end()
            while p < verb and text[p] in " \t\n":
                p += 1
        lst = match_list(text, p, verb)
        if lst and lst.agencies and not text[lst.end : verb].strip():
            return lst
    return None


def _directed_before(text: str, directed: list[tuple[AgencyList, int]], verb: int) -> AgencyList | None:
    """The body directed right before ``verb``: in "Ban cán sự đảng X lãnh đạo X chủ trì / tham mưu ...",
    the directed X leads or advises and the directing party group stays responsible. Each entry is (list,
    where its phrase ends): "chỉ đạo X phối hợp với Y tham mưu ..." still has X as the adviser, so a
    cooperation right after X moves X's phrase end past Y."""
    return next((d for d, d_end in directed if not text[d_end:verb].strip()), None)


def _start_of(lst: AgencyList) -> int:
    return lst.start


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _list_after(text: str, pos: int, end: int) -> AgencyList | None:
    while pos < end and text[pos] in " \t\n":
        pos += 1
    lst = match_list(text, pos, end)
    return lst if lst and lst.agencies else None


def _report_target(text: str, pos: int, end: int) -> AgencyList | None:
    """The body receiving reports: right after "báo cáo" or after "về/với/để/cho ..." in the same clause."""
    lst = _list_after(text, pos, end)
    if lst:
        return lst
    ce = _CLAUSE_END.search(text, pos, end)
    stop = min(ce.start() if ce else end, pos + 160)
    for pm in _rules()["prep"].finditer(text, pos, stop):
        lst = _list_after(text, pm.end(), end)
        if lst:
            return lst
    return None


def analyze(
    text: str,
    start: int,
    end: int,
    breaks: tuple[int, ...] = (),
    low: str | None = None,
    heading: AgencyList | None = None,
) -> list[Hit]:
    """Assignments of the item ``text[start:end]``; ``breaks`` are forced sentence ends (a heading's end);
    ``low`` is ``text.lower()`` if the caller has it (see :func:`ingest.patterns.anchored_matches`);
    ``heading`` is the body a heading names on its own ("**2. Ban Xây dựng Đảng Đảng ủy phường**"): the
    subject of the first sentence under it when that sentence has none ("Tham mưu Ban Thường vụ ...")."""
    rules = _rules()
    hits: list[Hit] = []
    subjects_all: list[AgencyList] = []
    objects: list[
        tuple[int, int]
    ] = []  # lists a verb governs ("báo cáo X, Y": Y at a clause start is no subject)

    def add(
        lst: AgencyList,
        role: str,
        evidence: tuple[int, int] | None,
        advises: str | None = None,
        via: bool = False,
    ) -> None:
        span = lst if len(lst.agencies) > 1 or lst.text != lst.agencies[0].text else None
        for f in lst.agencies:
            hits.append(Hit(f, role, agency_key(f.text), span, evidence, advises, via))

    verbs = anchored_matches(text, start, end, rules["role"], rules["anchors"], low=low)
    # object labels are rare: one C-level test of the item before any regex
    rare = low.find("đối", start, end) >= 0 if low is not None else "đối" in text[start:end].lower()
    labels = list(rules["object_label"].finditer(text, start, end)) if rare else []
    may_subject = rules["may_subject"]
    nverbs = len(verbs)
    vi = 0
    for s0, s1, clauses in _sentences(text, start, end, breaks):
        subjects: list[AgencyList] = []
        spans: list[tuple[int, int]] = []
        for c in clauses:
            if may_subject(text, c):
                lst = _subject_checked(text, c, s1)
                if lst:
                    subjects.append(lst)
                    spans.append((lst.start, lst.end))
        for om in labels:  # "- Đối tượng: X, Y": X and Y are inspected
            if s0 <= om.start() < s1 and (lst := _list_after(text, om.end(), s1)):
                objects.append((lst.start, lst.end))
        if heading is not None and s0 >= heading.end:
            if not subjects:
                subjects.append(heading)
            heading = None
        if vi == nverbs or verbs[vi].start() >= s1:  # no role verb in this sentence: subjects only
            subjects_all.extend(sorted(subjects, key=_start_of))
            continue
        here = []  # the verbs of this sentence (verbs and sentences are both in text order)
        while vi < nverbs and verbs[vi].start() < s1:
            if verbs[vi].start() >= s0:
                here.append(verbs[vi])
            vi += 1
        for m in here:  # "..., Mặt trận Tổ quốc chủ trì": a subject after a comma, right before "chủ trì"
            if m.lastgroup == "lead" and not any(not text[x.end : m.start()].strip() for x in subjects):
                lst = _subject_before(text, s0, m.start(), spans)
                if lst:
                    subjects.append(lst)
                    spans.append((lst.start, lst.end))
        subjects.sort(key=_start_of)
        directed: list[tuple[AgencyList, int]] = []
        for m in here:
            kind = m.lastgroup or ""
            if _inside(m.start(), spans):
                continue
            guard = rules["not_after"].get(kind)
            # "công tác phối hợp" is a noun, but after a body's name ("Phòng Tài chính - Kế hoạch phối hợp")
            # the same words end the name and the verb has its subject
            if (
                guard
                and guard.search(text, max(s0, m.start() - 40), m.start())
                and not any(not text[x.end : m.start()].strip() for x in subjects + [d for d, _ in directed])
            ):
                continue
            current = next((x for x in reversed(subjects) if x.end <= m.start()), None)
            if kind == "lead":
                led = _directed_before(text, directed, m.start())
                leader = led or current
                if leader and leader.agencies:
                    add(leader, "lead", (leader.start, m.end()))
            elif kind == "coop":
                lst = _list_after(text, m.end(), s1)
                if lst:
                    spans.append((lst.start, lst.end))
                    objects.append((lst.start, lst.end))
                    add(lst, "cooperate", (m.start(), lst.end))
                    directed = [
                        (d, lst.end if not text[d_end : m.start()].strip() else d_end)
                        for d, d_end in directed
                    ]
            elif kind == "dir":
                lst = _list_after(text, m.end(), s1)
                if lst:
                    spans.append((lst.start, lst.end))
                    directed.append((lst, lst.end))
            elif kind == "adv":
                led = _directed_before(text, directed, m.start())
                adviser = led or current
                advised = _list_after(text, m.end(), s1)
                if advised:
                    spans.append((advised.start, advised.end))
                if adviser and adviser.agencies:
                    ev = ((led.start if led else m.start()), advised.end if advised else m.end())
                    add(adviser, "advise", ev, advised.text if advised else None)
            elif kind == "rep":
                if rules["not_before"].match(text, m.end(), s1):
                    continue
                target = _report_target(text, m.end(), s1)
                if not target:
                    continue
                spans.append((target.start, target.end))
                objects.append((target.start, target.end))
                vm = rules["via"].match(text, target.end, s1)
                via = _list_after(text, vm.end(), s1) if vm else None
                ev_end = via.end + (1 if text[via.end : via.end + 1] == ")" else 0) if via else target.end
                add(target, "report_to", (m.start(), ev_end))
                if via:
                    spans.append((via.start, via.end))
                    add(via, "report_to", (m.start(), ev_end), via=True)
        subjects_all.extend(subjects)

    # a body that leads or advises in the item is not also responsible for it; one that only cooperates
    # ("phối hợp với X") may be the subject of another clause ("X chịu trách nhiệm ...")
    acting = {h.key for h in hits if h.role in ("lead", "advise")}
    for lst in subjects_all:
        if _inside(lst.start, objects):
            continue
        for f in lst.agencies:
            key = agency_key(f.text)
            if key not in acting:
                span = lst if len(lst.agencies) > 1 or lst.text != f.text else None
                hits.append(Hit(f, "responsible", key, span, None))
    seen: set[tuple[str, str]] = set()
    out = []
    for h in sorted(hits, key=lambda h: (h.agency.start, ROLE_ORDER[h.role])):
        if (h.key, h.role) not in seen:
            seen.add((h.key, h.role))
            out.append(h)
    return out
