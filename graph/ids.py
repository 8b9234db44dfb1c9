"""Canonical node ids: the same directive, agency or locality gets the same id whoever writes it and however.

Why ids carry a scope: a Party symbol is unique only per issuer, kind and term ("18-NQ/TW" of 2017 and of
2022 are two resolutions), and local issuer codes repeat in every province ("27-CTr/TU" exists in each
Tỉnh ủy), so local ids are scoped by the locality the text names, or by the citing document itself when it
names none: two provinces' documents never merge by accident. The id grammar:

- ``dir:<scope>/<kind code>/<number>/<year>`` (``?`` while the year is unknown), scope ``TW`` for central
  codes, ``<code>@<locality key>`` or ``<code>@<document id>`` for local ones, ``VN`` for state documents
  whose kind part keeps the issuer ("dir:VN/NĐ-CP/34/2019");
- ``doc:<first 16 hex of the content hash>`` for an ingested document that states no own symbol;
- ``named:<scope>/<name key>`` for documents cited by name only;
- ``body:<scope>/<key>``, ``agency:<scope>/<key>``, ``loc:<province key>[/<district key>]``, ``task:<doc>/<id>``.

Keys keep Vietnamese letters (match_key: NFC, canonical tones, case folded) with spaces turned into "-".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from graph.schema import load_schema
from ingest.vietnamese import match_key

_PARTY_SYMBOL = re.compile(r"^\s*0*(\d+)\s*[-–]\s*([^/\s]+)\s*/\s*(\S+)\s*$")
_STATE_SYMBOL = re.compile(r"^\s*0*(\d+)\s*/\s*(?:(\d{4})\s*/\s*)?([^/\s]+)\s*$")
_DASHES = re.compile(r"\s*[-–]\s*")
_LOCALITY_PREFIX = re.compile(r"^(?:tỉnh|thành phố|tp\.?|huyện|quận|thị xã|thành ủy|tỉnh ủy|huyện ủy)\s+")
_SPACES = re.compile(r"\s+")


def key(text: str) -> str:
    """A readable matching key for ids: match_key with spaces as "-" and id separators removed."""
    return _SPACES.sub("-", match_key(text).replace("/", " ").replace("@", " ").strip(" .,;:"))


def locality_key(name: str) -> str:
    """ "tỉnh Lâm Đồng", "Lâm Đồng", "LÂM ĐỒNG" -> "lâm-đồng"."""
    return key(_LOCALITY_PREFIX.sub("", match_key(name)))


def norm_number(number: str) -> str:
    """ "05" and "5" are the same number in a symbol."""
    stripped = number.strip().lstrip("0")
    return stripped or "0"


def norm_kind_code(code: str) -> str:
    """Canonical spelling of a kind code ("Ctr", "CTR" -> "CTr"; unknown codes upper-cased)."""
    wanted = code.strip()
    for known in load_schema().identity["kind_codes"]:
        if known.upper() == wanted.upper():
            return known
    return wanted.upper()


@dataclass(frozen=True)
class SymbolParts:
    number: str
    kind_code: str
    issuer_code: str  # "TW", "TU", ... for Party symbols; "CP", "TTg", "QH13" for state ones
    system: str  # "party" or "state"
    year: int | None = None  # only state symbols carry a year ("34/2019/NĐ-CP")


def parse_symbol(symbol: str) -> SymbolParts | None:
    """Split a normalized symbol; None when it has neither shape."""
    m = _PARTY_SYMBOL.match(symbol)
    if m and "-" not in m.group(3):
        return SymbolParts(norm_number(m.group(1)), norm_kind_code(m.group(2)), m.group(3).upper(), "party")
    m = _STATE_SYMBOL.match(symbol)
    if m:
        kind_issuer = _DASHES.sub("-", m.group(3))
        kind, _, issuer = kind_issuer.partition("-")
        return SymbolParts(
            norm_number(m.group(1)),
            norm_kind_code(kind),
            issuer if issuer else "",
            "state",
            int(m.group(2)) if m.group(2) else None,
        )
    return None


@dataclass(frozen=True)
class Context:
    """What the citing (or self-describing) document tells about scope: its id, province, district, level."""

    doc_id: str
    province: str | None = None
    district: str | None = None
    level: str = "province"  # "province" or "district": from the document's issuer

    @property
    def province_scope(self) -> str:
        return locality_key(self.province) if self.province else self.doc_id

    @property
    def district_scope(self) -> str:
        if self.district:
            return f"{self.province_scope}~{locality_key(self.district)}" if self.province else self.doc_id
        return self.doc_id

    @property
    def own_scope(self) -> str:
        return self.district_scope if self.level == "district" else self.province_scope


def _markers(name: str) -> list[str]:
    return load_schema().identity[name]


@cache
def _marker_re(name: str) -> re.Pattern[str]:
    words = "|".join(re.escape(m) for m in sorted(_markers(name), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)")


def _has_marker(text_key: str, markers: str) -> bool:
    return _marker_re(markers).search(text_key) is not None


@cache
def level_of_name(name: str) -> str | None:
    """ "central", "district", "province" from the words of a body's name; None when it says nothing."""
    k = match_key(name)
    if _has_marker(k, "central_name_markers"):
        return "central"
    if _has_marker(k, "district_name_markers"):
        return "district"
    if _has_marker(k, "province_name_markers"):
        return "province"
    return None


def name_scope(name: str, ctx: Context, locality: str | None = None) -> str:
    """Scope of a body by its name: central bodies "TW", else the (named or document) locality."""
    level = level_of_name(name) or ctx.level
    if level == "central":
        return "TW"
    if locality:
        return locality_key(locality)
    return ctx.district_scope if level == "district" else ctx.province_scope


def code_scope(parts: SymbolParts, ctx: Context, locality: str | None = None) -> str:
    """Scope part of a directive key from its issuer code: "TW", "VN", or "<code>@<locality or doc>"."""
    if parts.system == "state":
        return "VN"
    ident = load_schema().identity
    code = parts.issuer_code
    if any(code.endswith(s) for s in ident["central_code_suffixes"]):
        return code
    if locality:
        return f"{code}@{locality_key(locality)}"
    if any(code.endswith(s) for s in ident["district_code_suffixes"]):
        return f"{code}@{ctx.district_scope}"
    if any(code.endswith(s) for s in ident["province_code_suffixes"]):
        return f"{code}@{ctx.province_scope}"
    return f"{code}@{ctx.own_scope}"


def directive_key(parts: SymbolParts, ctx: Context, locality: str | None = None) -> str:
    """The year-less part of a directive id: "TW/NQ/25", "TU@lâm-đồng/CT/18", "VN/NĐ-CP/34"."""
    scope = code_scope(parts, ctx, locality)
    kind = f"{parts.kind_code}-{parts.issuer_code}" if parts.system == "state" else parts.kind_code
    return f"{scope}/{kind}/{parts.number}"


def directive_id(dkey: str, year: int | None) -> str:
    return f"dir:{dkey}/{year if year else '?'}"


def split_directive_id(node_id: str) -> tuple[str, int | None] | None:
    """ "dir:TW/NQ/18/2017" -> ("TW/NQ/18", 2017); "…/?" -> (key, None); other ids -> None."""
    if not node_id.startswith("dir:"):
        return None
    dkey, _, year = node_id[4:].rpartition("/")
    return dkey, (int(year) if year.isdigit() else None)


def content_doc_id(content_hash: str) -> str:
    return f"doc:{content_hash[:16]}"


def named_id(name: str, ctx: Context) -> str:
    """A document cited by name only: national names global, local ones ("Đảng bộ tỉnh") scoped."""
    k = match_key(name)
    local = _has_marker(k, "local_named_markers") and not _has_marker(k, "national_named_markers")
    scope = ctx.own_scope if local else "VN"
    return f"named:{scope}/{key(name)}"


def body_id(name: str, ctx: Context, locality: str | None = None) -> str:
    return f"body:{name_scope(name, ctx, locality)}/{key(name)}"


def agency_id(name_key: str, ctx: Context) -> str:
    """``name_key``: the agency's normalized key (abbreviations expanded), as extraction gives it."""
    return f"agency:{name_scope(name_key, ctx)}/{key(name_key)}"


def locality_id(province: str | None, district: str | None = None) -> str | None:
    if not province:
        return None
    pid = f"loc:{locality_key(province)}"
    return f"{pid}/{locality_key(district)}" if district else pid


def task_id(doc_id: str, task: str) -> str:
    return f"task:{doc_id}/{task}"


def year_of(date: str | None) -> int | None:
    """Year of an ISO date ("2013-06-03") or of a bare year string."""
    if date and len(date) >= 4 and date[:4].isdigit():
        return int(date[:4])
    return None
