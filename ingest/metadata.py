"""Document metadata (issue #2 item 5): what a document says about itself.

Kind (from the heading), own symbol and date (only where the letterhead states them; an incoming-mail
stamp is recorded apart, never taken for them), issuer (normalized, without its locality), locality
(province, and district for district-level issuers), title, signer and recipients, and the symbols the
document implements (the citations the citation extractor marked ``implements``).

Why the issuer is decided by a chain of evidence: many ingested plans start at the heading (no
letterhead), so the issuer is read, in order of reliability, from the issuer line under the heading
("CỦA BAN THƯỜNG VỤ TỈNH ỦY"), the head's issuing sentence ("..., Ban Thường vụ Tỉnh ủy xây dựng kế
hoạch ..."), the letterhead ("TỈNH ỦY LÀO CAI" + "T/M BAN THƯỜNG VỤ"), and last the archive copy line
("Lưu Văn phòng Tỉnh ủy") + "T/M BAN THƯỜNG VỤ".
"""

from __future__ import annotations

from ingest.layout import Layout, issuer_in_sentence, read_layout
from ingest.localities import find_localities, province_periods
from ingest.models import Citation, DocumentMeta, ReceivedStamp, Signer
from ingest.rules import load_rules
from ingest.text import SourceText
from ingest.vietnamese import match_key

__all__ = ["extract_metadata", "archive_level", "compose_issuer"]

_DISTRICT_LEVELS = ("Huyện ủy", "Quận ủy", "Thị ủy")


def extract_metadata(src: SourceText, citations: list[Citation]) -> tuple[DocumentMeta, list[str]]:
    """The document's own metadata and warnings about what could not be read."""
    layout = read_layout(src.text)
    warnings: list[str] = []
    issuer = _issuer(layout)
    province, district = _locality(src.text, layout, issuer)
    title_lines = (0, 0)
    if layout.title_span:
        start, end = src.raw_span(*layout.title_span)
        title_lines = (src.line_of(start), src.line_of(max(start, end - 1)))
    stamp = None
    if layout.stamp:
        start, end = src.raw_span(*layout.stamp["span"])
        lines = (src.line_of(start), src.line_of(max(start, end - 1)))
        stamp = ReceivedStamp(layout.stamp["receiver"], layout.stamp["number"], layout.stamp["date"], lines)
        warnings.append(
            f"metadata: lines {lines[0]}-{lines[1]} are an incoming-mail stamp (Số {stamp.number}, "
            f"Ngày {stamp.date}) of the receiving office, not the document's own number and date"
        )
    if layout.kind is None:
        warnings.append("metadata: no document-kind heading (KẾ HOẠCH, NGHỊ QUYẾT ...) found; kind unknown")
    if issuer is None:
        warnings.append("metadata: the issuer is not named in the heading, opening sentence or letterhead")
    signer = None
    if layout.signer_name or layout.role or layout.on_behalf_of:
        signer = Signer(
            name=layout.signer_name,
            role=layout.role,
            role_as_written=layout.role_as_written,
            on_behalf_of=layout.on_behalf_of,
        )
    implements = tuple(dict.fromkeys(c.symbol for c in citations if c.relation == "implements" and c.symbol))
    meta = DocumentMeta(
        kind=layout.kind,
        kind_as_written=layout.kind_as_written,
        symbol=layout.symbol,
        date=layout.date,
        issuer=issuer,
        locality=district or province,
        province=province,
        district=district,
        title=layout.title,
        signer=signer,
        recipients=layout.recipients,
        implements=implements,
        title_lines=title_lines,
        received_stamp=stamp,
    )
    return meta, warnings


def _issuer(layout: Layout) -> str | None:
    if layout.issuer_line:
        return layout.issuer_line
    # without a heading, letterhead or own number the text is no Party document but a report about one
    # (a news article: "Ban Thường vụ Tỉnh ủy vừa ban hành Kế hoạch số ..."): its sentences name the
    # issuer of the document reported on, not of the text itself
    is_document = layout.kind is not None or layout.header or layout.symbol is not None
    if is_document and layout.opening and (found := issuer_in_sentence(layout.opening)):
        return found
    # "ĐẢNG BỘ TỈNH X" above "HUYỆN ỦY Y": the upper line names the superior party organisation, the
    # lowest line with a level the issuing committee
    level = next((h["level"] for h in reversed(layout.header) if h.get("level")), None)
    if level is None:
        level = next((lv for r in layout.recipients if (lv := archive_level(r))), None)
    if level is None:
        return None
    return compose_issuer(layout.on_behalf_of, level)


def compose_issuer(on_behalf_of: str | None, level: str) -> str:
    """The issuing body from the footer's "T/M <body>" and the committee level: "Ban Thường vụ Tỉnh ủy"."""
    if on_behalf_of in ("Ban Thường vụ", "Thường trực"):
        return f"{on_behalf_of} {level}"
    if on_behalf_of == "Ban Chấp hành":
        place = {"Tỉnh ủy": "tỉnh", "Huyện ủy": "huyện", "Thành ủy": "thành phố"}.get(level)
        return f"Ban Chấp hành Đảng bộ {place}" if place else level
    return level


def archive_level(recipient: str) -> str | None:
    """The committee level named by the archive line of the recipients ("Lưu: VPHU" -> "Huyện ủy")."""
    rules = load_rules("document")["archive_hints"]
    key = match_key(recipient)
    if not any(key.startswith(match_key(lead)) for lead in rules["lead"]):
        return None
    for entry in rules["levels"]:
        for form in entry["forms"]:
            if match_key(form) in key.split(":", 1)[-1]:
                return entry["level"]
    return None


def _locality(text: str, layout: Layout, issuer: str | None) -> tuple[str | None, str | None]:
    """Province named in the letterhead, else the best one in the text; district only for a district-level
    issuer (a provincial plan that names districts in passing is not scoped by them)."""
    # the whole-text scan only when the letterhead does not settle it (it costs half a bare symbol scan)
    province = next((h["province"] for h in layout.header if h.get("province")), None)
    found = None if province else find_localities(text)
    if found is not None:
        province = found.province
    district = next((h["district"] for h in layout.header if h.get("district")), None)
    district_level = issuer is not None and any(level in issuer for level in _DISTRICT_LEVELS)
    if issuer and "Thành ủy" in issuer and province and not _is_central_city(province):
        district_level = True
    if district is None and district_level:
        district = (found or find_localities(text)).district
    if not district_level and not any(h.get("district") for h in layout.header):
        district = None
    return province, district


def _is_central_city(name: str) -> bool:
    return any(p.get("type") == "thành phố" for p in province_periods(name))
