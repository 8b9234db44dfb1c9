"""Small factory of ExtractResult objects for graph tests (the real extractors are tested elsewhere).

Why: graph tests must not depend on extraction quality; they state the extracted facts directly, in the
shapes the extractors produce (normalized symbols, ISO dates, normalized issuers), with phrasings taken
from the seeds and DOMAIN.md.
"""

from __future__ import annotations

import hashlib

from ingest.models import (
    Assignment,
    Citation,
    CitationLink,
    Deadline,
    DocumentMeta,
    ExtractResult,
    Mention,
    Section,
    Task,
)


def cite(
    symbol: str | None,
    *,
    kind: str | None = None,
    date: str | None = None,
    issuer: str | None = None,
    term: str | None = None,
    subject: str | None = None,
    relation: str = "cites",
    continued_by: str | None = None,
    name: str | None = None,
    at: int = 100,
    sentence: str = "",
) -> Citation:
    text = symbol or name or ""
    mention = Mention(start=at, end=at + len(text), text=text, sentence=sentence or text, line=3)
    system = (
        "named"
        if symbol is None
        else ("state" if symbol.count("/") == 2 or "-" in symbol.split("/")[-1] else "party")
    )
    return Citation(
        symbol=symbol,
        kind=kind,
        relation=relation,
        system=system,
        name=name,
        date=date,
        issuer=issuer,
        term=term,
        subject=subject,
        continued_by=continued_by,
        mentions=(mention,),
    )


def task(
    tid: str,
    heading: str,
    *agencies: tuple[str, str],
    deadline: str | None = None,
    cited: tuple[str, ...] = (),
) -> Task:
    section = tid.split(".")[0]
    return Task(
        id=tid,
        section=section,
        section_type="tasks",
        number=tid.split(".")[-1],
        heading=heading,
        text=heading,
        start=500,
        end=600,
        lines=(20, 22),
        deadline=Deadline(text=deadline) if deadline else None,
        assignments=tuple(Assignment(agency=a, role=r, start=510, end=520, line=21) for a, r in agencies),
        cited_symbols=cited,
    )


def doc(
    name: str,
    *citations: Citation,
    kind: str = "Kế hoạch",
    symbol: str | None = None,
    date: str | None = None,
    issuer: str | None = "Ban Thường vụ Tỉnh ủy",
    province: str | None = None,
    district: str | None = None,
    title: str | None = None,
    links: tuple[CitationLink, ...] = (),
    tasks: tuple[Task, ...] = (),
    recipients: tuple[str, ...] = (),
    preamble: tuple[Assignment, ...] = (),
    body: str | None = None,
) -> ExtractResult:
    """One extracted document; its content hash comes from ``body`` (default: the name)."""
    digest = hashlib.sha256((body or name).encode()).hexdigest()
    implements = tuple(c.symbol for c in citations if c.relation == "implements" and c.symbol)
    meta = DocumentMeta(
        kind=kind,
        symbol=symbol,
        date=date,
        issuer=issuer,
        locality=province,
        province=province,
        district=district,
        title=title or name,
        recipients=recipients,
        implements=implements,
    )
    sections = tuple(
        Section(title="NHIỆM VỤ", numeral=n, section_type="tasks", preamble=preamble)
        for n in sorted({t.id.split(".")[0] for t in tasks})
    )
    return ExtractResult(
        source=f"/corpus/{name}.txt",
        document=meta,
        citations=citations,
        citation_links=links,
        sections=sections if preamble else (),
        tasks=tasks,
        content_hash=digest,
        format="txt",
        encoding="utf-8",
        extractor_version="test",
    )


def link(source: str, target: str, evidence: str) -> CitationLink:
    return CitationLink(source=source, relation="implements", target=target, evidence=evidence)


def from_gold(name: str, g: dict) -> ExtractResult:
    """The gold annotation of one seed as an ExtractResult: tests the graph on real seed facts, independently
    of how far the extractors have come. Offsets are not in the gold; lines are."""
    d = g["document"]
    cits = []
    for c in g["citations"]:
        mentions = tuple(
            Mention(start=0, end=0, text=c["symbol"], sentence="", line=ln) for ln in c.get("lines", [])
        )
        cits.append(
            Citation(
                symbol=c["symbol"],
                kind=c.get("kind"),
                relation=c.get("relation", "cites"),
                date=c.get("date"),
                issuer=c.get("issuer"),
                issuer_as_written=tuple(c.get("issuer_as_written") or ()),
                term=c.get("term"),
                continued_by=c.get("implemented_via"),
                mentions=mentions,
            )
        )
    for u in g.get("unnumbered_citations", []):
        cits.append(
            Citation(symbol=None, kind=u.get("kind"), system="named", name=u["name"], issuer=u.get("issuer"))
        )
    links = tuple(
        CitationLink(source=x["source"], relation=x["relation"], target=x["target"], evidence=x["evidence"])
        for x in g.get("inter_citation_relations", [])
    )
    tasks = []
    for t in g.get("tasks", []):
        numeral = t["id"].split(".")[0]
        assignments = tuple(
            Assignment(
                agency=a["agency"],
                role=a["role"],
                line=a.get("line", 0),
                advises=a.get("advises"),
                via=bool(a.get("via")),
            )
            for a in t.get("assignments", [])
        )
        tasks.append(
            Task(
                id=t["id"],
                section=numeral,
                section_type=t["section_type"],
                number=t["number"],
                heading=t["heading"],
                lines=tuple(t["lines"]),
                deadline=Deadline(text=t["deadline"]) if t.get("deadline") else None,
                assignments=assignments,
                cited_symbols=tuple(t.get("cited_symbols", ())),
            )
        )
    meta = DocumentMeta(
        kind=d.get("kind"),
        symbol=d.get("symbol"),
        date=d.get("date"),
        issuer=d.get("issuer"),
        locality=d.get("locality"),
        province=d.get("province"),
        district=d.get("district"),
        title=d.get("title"),
        recipients=tuple(d.get("recipients", ())),
        implements=tuple(d.get("implements", ())),
    )
    digest = hashlib.sha256(name.encode()).hexdigest()
    return ExtractResult(
        source=f"/seeds/{name}",
        document=meta,
        citations=tuple(cits),
        citation_links=links,
        tasks=tuple(tasks),
        content_hash=digest,
        extractor_version="gold",
    )
