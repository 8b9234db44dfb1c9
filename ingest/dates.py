"""Dates as citations write them: "03/6/2013", "3/6/2013", "03-6-2013", "15.01.2020", "ngày 03 tháng 6 năm 2013".

The pattern itself lives in :mod:`ingest.find` (compiled once with the other citation rules); this module
turns its groups into an ISO date and rejects impossible ones ("31/02/2020"), which are OCR or typing slips
rather than dates.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from ingest.find import rules


def iso_from_match(m: re.Match[str]) -> str | None:
    """ISO date from a match of ``rules().date``; None when the day/month make no date."""
    d, mo, y, d2, m2, y2 = m.group("d", "m", "y", "d2", "m2", "y2")
    return _iso(d, mo, y) if d is not None else _iso(d2, m2, y2)


@lru_cache(maxsize=4096)
def _iso(d: str, mo: str, y: str) -> str | None:
    """The ISO date of the written day, month and year (cached: a text repeats the dates it cites)."""
    try:
        return dt.date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The ISO date written at the start of ``text`` ("ngày 03 tháng 6 năm 2013" -> "2013-06-03")."""
    m = rules().date.match(text)
    return iso_from_match(m) if m else None


__all__ = ["iso_from_match", "parse_date"]
