"""Moved to `koko_offers.generator` (`python -m koko_offers.generator`); kept as an alias for
older imports."""

from koko_offers.generator import SyntheticSummary, generate

__all__ = ["SyntheticSummary", "generate"]
