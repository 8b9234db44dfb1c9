"""The one seam between the HTTP layer and graph/: a small protocol the routers call.

Why a seam: graph/ (store, resolution, queries) is written and evolves separately; the routers, the response
models and the tests of HTTP behaviour (status codes, messages) should not change when a query function gets
a new name or returns a new dataclass. :mod:`api.graph_adapter` implements this protocol over graph/.
"""

from __future__ import annotations

from typing import Any, Protocol


class BackendError(Exception):
    """Base of the errors the routers turn into HTTP answers."""


class UnknownReference(BackendError):
    """No directive matches ``ref`` (HTTP 404). ``suggestions`` are near candidates, possibly empty."""

    def __init__(self, ref: str, suggestions: list[dict[str, Any]] | None = None) -> None:
        super().__init__(ref)
        self.ref = ref
        self.suggestions = suggestions or []


class AmbiguousReference(BackendError):
    """``ref`` matches several directives equally well (HTTP 409, with the candidates)."""

    def __init__(self, ref: str, candidates: list[dict[str, Any]]) -> None:
        super().__init__(ref)
        self.ref = ref
        self.candidates = candidates


class BackendUnavailable(BackendError):
    """The store could not be opened or graph/ is not usable (HTTP 503)."""


class GraphBackend(Protocol):
    """What the API needs. Results are plain dicts shaped like the models in :mod:`api.schemas`."""

    def counts(self) -> dict[str, int]: ...

    def resolve(self, text: str, limit: int) -> list[dict[str, Any]]: ...

    def directive(self, ref: str) -> dict[str, Any]: ...

    def implementers(self, ref: str, depth: int) -> dict[str, Any]: ...

    def lineage(self, ref: str) -> dict[str, Any]: ...

    def cites(self, ref: str) -> dict[str, Any]: ...

    def cited_by(self, ref: str) -> dict[str, Any]: ...

    def tasks(self, ref: str) -> dict[str, Any]: ...

    def coverage(self, ref: str) -> dict[str, Any]: ...

    def agencies(self, name: str, limit: int, max_tasks: int) -> list[dict[str, Any]]:
        """The ``limit`` best matching agencies, each with its first ``max_tasks`` tasks (and received
        documents) and their totals."""

    def refresh(self) -> None:
        """Pick up store changes made since the last call (an ingest ran meanwhile)."""

    def close(self) -> None: ...
