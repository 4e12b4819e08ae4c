"""Koko offers service."""

from pathlib import Path

from koko_shared.i18n import register_catalogues

# The service's messages (gettext catalogues, one .po file per served language).
register_catalogues(Path(__file__).parent / "locale")
