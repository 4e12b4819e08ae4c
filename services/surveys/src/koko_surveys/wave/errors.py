"""Errors of waves."""

from __future__ import annotations

from uuid import UUID

from koko_shared.errors import NotFound


class WaveNotFound(NotFound):
    def __init__(self, wave_id: UUID | str) -> None:
        super().__init__("no wave {id} in this study", field="waveId", params={"id": str(wave_id)})
