"""The media type guard refuses a body its route does not take (415 with `Accept-Post`), the
same for a path it has seen before as for a new one, after more distinct paths than it
remembers and for paths longer than it remembers (an attacker's paths), and what it remembers
stays bounded."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from pydantic import BaseModel

from koko_shared.http.media_type_guard import (
    _REMEMBERED_PATH_LENGTH,
    _REMEMBERED_PATHS,
    MediaTypeGuard,
)
from koko_shared.http.openapi import document_problems


class Note(BaseModel):
    text: str


def _guard(app: FastAPI) -> MediaTypeGuard:
    """The app's media type guard, as built into its middleware stack."""
    layer = app.middleware_stack
    while not isinstance(layer, MediaTypeGuard):
        layer = layer.app  # type: ignore[union-attr]
    return layer


def _app() -> FastAPI:
    app = FastAPI()

    @app.post("/v1/notes/{note_id}")
    async def post_note(note_id: int, note: Note) -> dict[str, str]:
        return {"text": note.text}

    @app.post("/v1/raw")
    async def post_raw() -> dict[str, str]:
        return {"text": "no documented body"}

    document_problems(app)
    app.add_middleware(MediaTypeGuard)
    return app


async def test_a_refused_type_stays_refused_for_seen_and_new_paths() -> None:
    app = _app()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
        text = {"content-type": "text/plain"}
        for _ in range(2):  # the second time from what the guard remembers
            refused = await client.post("/v1/notes/1", content=b"x", headers=text)
            assert refused.status_code == 415
            assert refused.headers["accept-post"] == "application/json"
            taken = await client.post("/v1/notes/1", json={"text": "hallo"})
            assert taken.status_code == 200, taken.text
            undocumented = await client.post("/v1/raw", content=b"x", headers=text)
            assert undocumented.status_code == 200
        # more distinct paths than remembered, then the known ones again
        for note_id in range(_REMEMBERED_PATHS + 5):
            response = await client.post(f"/v1/notes/{note_id}", content=b"x", headers=text)
            assert response.status_code == 415
        assert (await client.post("/v1/notes/7", content=b"x", headers=text)).status_code == 415
        assert (await client.post("/v1/notes/7", json={"text": "a"})).status_code == 200
        assert (await client.post("/v1/raw", content=b"x", headers=text)).status_code == 200
        # a path longer than remembered is refused all the same, and not kept
        long_id = "1" * (_REMEMBERED_PATH_LENGTH + 10)
        response = await client.post(f"/v1/notes/{long_id}", content=b"x", headers=text)
        assert response.status_code == 415
    remembered = _guard(app)._by_path
    assert 0 < len(remembered) <= _REMEMBERED_PATHS
    assert all(len(path) <= _REMEMBERED_PATH_LENGTH for _, path in remembered)
