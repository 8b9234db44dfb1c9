"""Records produced by extraction: what ``vankien extract`` prints and what the graph ingests.

Frozen dataclasses so that a record, once extracted, cannot drift between the extractor and the stores.
Every offset is a character offset into :attr:`ingest.reader.SourceText.raw` (the decoded original file
text), so an analyst can check any extracted fact against the source sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from typing import Any, Literal

Relation = Literal["implements", "cites"]
System = Literal["party", "state", "named"]
Role = Literal["lead", "cooperate", "advise", "report_to", "responsible"]
SectionType = Literal["purpose", "viewpoints", "tasks", "implementation", "other"]


@dataclass(frozen=True)
class Mention:
    """One occurrence of a cited document in the text, with its provenance."""

    start: int  # offset in the raw text
    end: int
    text: str  # raw[start:end]
    sentence: str = ""  # the sentence it stands in, cleaned and white-space collapsed
    line: int = 0  # 1-based line of ``start`` in the raw text


@dataclass(frozen=True)
class Citation:
    """One distinct document cited by the text (numbered, state-style or named without a number)."""

    symbol: str | None  # normalized "25-NQ/TW", "34/2019/NĐ-CP"; None for named references
    kind: str | None  # "Nghị quyết", "Quy định", "Thông báo kết luận", "Luật" ...
    relation: Relation = "cites"
    system: System = "party"
    name: str | None = None  # for named references: "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII"
    number: str | None = None  # "25"
    kind_code: str | None = None  # "NQ"
    issuer_code: str | None = None  # "TW", "TU", "NĐ-CP" issuer part
    date: str | None = None  # ISO date if any mention states it
    year: int | None = None  # from the date, or from a state symbol "34/2019/NĐ-CP"
    issuer: str | None = None  # normalized: "Ban Chấp hành Trung ương", "Bộ Chính trị", "Tỉnh ủy" ...
    issuer_as_written: tuple[str, ...] = ()
    term: str | None = None  # "XI"
    subject: str | None = None  # the "về ..." subject when stated
    continued_by: str | None = None  # symbol of the implemented document that "tiếp tục thực hiện" this one
    mentions: tuple[Mention, ...] = ()
    # named reference: symbol of the decision that issued it ("về ban hành Quy chế")
    attached_to: str | None = None

    @property
    def key(self) -> str:
        """Identity inside one document: the symbol, else the name."""
        return self.symbol or (self.name or "")


@dataclass(frozen=True)
class CitationLink:
    """A relation between two cited documents stated in the text: "160-TB/TW ... về tiếp tục thực hiện 62-KL/TW"."""

    source: str  # symbol
    relation: Relation
    target: str  # symbol
    evidence: str  # the sentence
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Signer:
    name: str | None
    role: str | None  # normalized: "Bí thư", "Phó Bí thư", "Phó Bí thư Thường trực"
    role_as_written: str | None = None
    on_behalf_of: str | None = None  # "Ban Thường vụ"


@dataclass(frozen=True)
class ReceivedStamp:
    """An incoming-mail registration stamp ("ĐẾN Số: 1909 Ngày: 20/3") of the office that received a copy.

    Kept apart because its number and date belong to the receiver's register, not to the document.
    """

    receiver: str | None = None  # as written: "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    number: str | None = None  # "1909"
    date: str | None = None  # as written, usually without a year: "20/3"
    lines: tuple[int, int] = (0, 0)  # raw line range


@dataclass(frozen=True)
class DocumentMeta:
    """What the document says about itself."""

    kind: str | None  # "Kế hoạch", "Nghị quyết" ...
    kind_as_written: str | None = None
    symbol: str | None = None  # own number; None when the text states none (a receiving stamp is not one)
    date: str | None = None
    issuer: str | None = None  # "Ban Thường vụ Tỉnh ủy"
    locality: str | None = None  # province (or district) named in the text
    province: str | None = None
    district: str | None = None
    title: str | None = None
    signer: Signer | None = None
    recipients: tuple[str, ...] = ()
    implements: tuple[str, ...] = ()  # symbols this document carries out
    title_lines: tuple[int, int] = (0, 0)  # raw line range of the title, for provenance
    received_stamp: ReceivedStamp | None = None  # a receiving office's stamp, never the own number/date


@dataclass(frozen=True)
class Deadline:
    text: str  # verbatim: "quý II năm 2019", "định kỳ 6 tháng, 1 năm"
    date: str | None = None  # ISO date of the latest day it allows, when it names one
    period: str | None = None  # "P6M", "P1Y" for recurring reports
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Assignment:
    agency: str  # as written
    role: Role
    key: str = ""  # normalized matching key (abbreviations expanded, canonical tones, case folded)
    span: str | None = None  # the whole verbatim list the agency was split from
    evidence: str | None = None
    advises: str | None = None  # the advised body for role "advise"
    via: bool = False  # report_to through an intermediary ("qua X")
    start: int = 0
    end: int = 0
    line: int = 0


@dataclass(frozen=True)
class Section:
    title: str  # heading as written (cleaned)
    numeral: str  # "II"
    section_type: SectionType
    start: int = 0
    end: int = 0
    line: int = 0
    preamble: tuple[Assignment, ...] = ()  # assignments of an opening sentence that covers all items
    preamble_text: str = ""  # that opening sentence (white space collapsed), when it assigns anything


@dataclass(frozen=True)
class Task:
    id: str  # "<numeral>.<number>": "II.1"
    section: str
    section_type: SectionType
    number: str
    heading: str
    heading_source: Literal["bold", "first_12_words"] = "first_12_words"
    text: str = ""
    start: int = 0
    end: int = 0
    lines: tuple[int, int] = (0, 0)
    deadline: Deadline | None = None
    time_expressions: tuple[str, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    cited_symbols: tuple[str, ...] = ()


@dataclass(frozen=True)
class Target:
    number: str
    text: str
    start: int = 0
    end: int = 0
    line: int = 0


@dataclass(frozen=True)
class ExtractResult:
    """Everything extracted from one file. ``error`` is set (and the rest empty) when the file can't be read."""

    source: str
    document: DocumentMeta | None = None
    citations: tuple[Citation, ...] = ()
    citation_links: tuple[CitationLink, ...] = ()
    sections: tuple[Section, ...] = ()
    tasks: tuple[Task, ...] = ()
    targets: tuple[Target, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str | None = None
    content_hash: str | None = None  # sha256 of the normalized text, for content-based identity
    format: str | None = None
    encoding: str | None = None
    extractor_version: str = ""

    def to_dict(self) -> dict[str, Any]:
        if self.error:
            return {"source": self.source, "error": self.error, "warnings": list(self.warnings)}
        return plain(self)


_FIELDS: dict[type, tuple[str, ...]] = {}


def plain(value: Any) -> Any:
    """``dataclasses.asdict`` for these records (same result), about twice as fast: the field names of each
    record class are looked up once, and the leaves (str, int, float, None) are immutable, so nothing is
    deep-copied. ``vankien extract`` serializes every result, so this is on its hot path."""
    cls = type(value)
    names = _FIELDS.get(cls)
    if names is None and is_dataclass(cls):
        names = _FIELDS[cls] = tuple(f.name for f in fields(cls))
    if names is not None:
        return {name: plain(getattr(value, name)) for name in names}
    if cls is tuple:
        return tuple(plain(v) for v in value)
    if cls is list:
        return [plain(v) for v in value]
    if cls is dict:
        return {k: plain(v) for k, v in value.items()}
    return value


__all__ = [
    "Assignment",
    "Citation",
    "CitationLink",
    "Deadline",
    "DocumentMeta",
    "ExtractResult",
    "Mention",
    "ReceivedStamp",
    "Relation",
    "Role",
    "Section",
    "SectionType",
    "Signer",
    "System",
    "Target",
    "Task",
]
