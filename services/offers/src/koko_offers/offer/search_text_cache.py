"""The searches this process has prepared (`offer.search_text`), by their words, each for the
version of the search vocabulary it was prepared from (migration 0018): a popular search is
prepared once per vocabulary change instead of once per request (issue 18: four round trips
and 11 % of the offers process's CPU per search)."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from koko_offers.offer.text_search import SearchText
from koko_shared.bounded_cache import ByteLru, approximate_size

# A one-word search with a few synonym readings weighs ~2 kB (approximate_size); the bound is
# `OffersSettings.prepared_search_cache_bytes` (`configure`).
PREPARED_SEARCH_BYTES = 8 * 1024 * 1024
# The labels of one version are a few hundred pairs; more than two versions are seldom current
# at once (a read replica a change behind the primary).
LABEL_VERSIONS = 2
_WALKED = ("koko_offers.offer.text_search",)

Labels = tuple[tuple[str, str], ...]


class PreparedSearches:
    """Prepared searches and the code-list labels they were read with, per vocabulary version.
    An entry answers only for the version it was made from; a newer version replaces it."""

    def __init__(self, max_bytes: int = PREPARED_SEARCH_BYTES) -> None:
        self._searches: ByteLru[tuple[UUID, SearchText]] = ByteLru(max_bytes)
        self._labels: dict[UUID, Labels] = {}

    def configure(self, max_bytes: int) -> None:
        """A new bound, emptying the searches kept when it changes."""
        if max_bytes != self._searches.max_bytes:
            self._searches = ByteLru(max_bytes)

    @property
    def max_bytes(self) -> int:
        return self._searches.max_bytes

    @property
    def bytes(self) -> int:
        """The weight of the searches kept."""
        return self._searches.bytes

    def __len__(self) -> int:
        return len(self._searches)

    def search(self, words: Sequence[str], version: UUID) -> SearchText | None:
        entry = self._searches.get(tuple(words))
        return entry[1] if entry is not None and entry[0] == version else None

    def keep_search(self, words: Sequence[str], version: UUID, prepared: SearchText) -> None:
        key = tuple(words)
        self._searches.put(
            key, (version, prepared), approximate_size(key, prepared, modules=_WALKED)
        )

    def labels(self, version: UUID) -> Labels | None:
        return self._labels.get(version)

    def keep_labels(self, version: UUID, labels: Labels) -> None:
        while len(self._labels) >= LABEL_VERSIONS:
            del self._labels[next(iter(self._labels))]
        self._labels[version] = labels

    def clear(self) -> None:
        self._searches.clear()
        self._labels.clear()


# One per process: every request of the process shares it (asyncio: one thread touches it).
PREPARED_SEARCHES = PreparedSearches()
