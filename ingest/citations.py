"""Citation extraction: every document a text cites, as precisely as a careful reader.

Pipeline (each step its own module):

1. :mod:`ingest.find` - one compiled anchor pass over the cleaned text finds symbols ("25-NQ/TW",
   "62- KL/TW", "217/QĐ-TW", "34/2019/NĐ-CP"), short re-mentions ("Chỉ thị 35"), alias clauses and
   named references without a number (congress resolutions, laws, well-known regulations).
2. :mod:`ingest.citation_context` - local reads around each hit: kind word before the symbol, date,
   issuer, term, subject and "về tiếp tục thực hiện ..." after it.
3. :mod:`ingest.relations` - which documents the title/opening says this text carries out, and which
   cited documents carry out each other.
4. :mod:`ingest.resolve_mentions` - merge occurrences into distinct documents with raw-offset mentions.

The vocabularies (kinds, codes, issuers, relation verbs, named references) are data:
``ingest/rules/citations.yaml``.
"""

from __future__ import annotations

from ingest.citation_context import read_hits
from ingest.find import BARE_SYMBOL_RE
from ingest.models import Citation, CitationLink
from ingest.relations import assign_relations, head_end
from ingest.resolve_mentions import build_citations
from ingest.text import SourceText


def extract_citations(src: SourceText) -> tuple[list[Citation], list[CitationLink], list[str]]:
    """Citations of one text (one entry per distinct document), links between them, and warnings."""
    text = src.text
    end = head_end(text)
    hits, aliases = read_hits(text, end)
    if not hits:
        return [], [], []
    links = assign_relations(text, hits, end)
    return build_citations(src, hits, aliases, links)


__all__ = ["BARE_SYMBOL_RE", "extract_citations"]
