"""`koko-gateway --supergraph FILE --host H --port P`: serve any Federation v2 supergraph."""

from __future__ import annotations

import argparse
from pathlib import Path

from koko_gateway.app import create_app
from koko_gateway.settings import GatewaySettings
from koko_shared.http.server import serve
from koko_shared.startup import refusing_to_start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="koko-gateway", description=__doc__)
    parser.add_argument("--supergraph", type=Path, help="supergraph SDL file to serve")
    parser.add_argument("--host", help="interface to listen on (default from GATEWAY_HOST)")
    parser.add_argument("--port", type=int, help="port (default from GATEWAY_PORT, 8000)")
    parser.add_argument(
        "--workers", type=int, help="uvicorn worker processes (default from GATEWAY_WORKERS, 1)"
    )
    args = parser.parse_args(argv)

    overrides: dict[str, object] = {}
    if args.supergraph is not None:
        if not args.supergraph.is_file():
            parser.error(f"supergraph file not found: {args.supergraph}")
        overrides["supergraph_file"] = args.supergraph
    if args.host:
        overrides["host"] = args.host
    if args.port:
        overrides["port"] = args.port
    with refusing_to_start("koko-gateway"):
        settings = GatewaySettings(**overrides)  # type: ignore[arg-type]
    workers = args.workers or settings.workers
    if workers > 1:
        # Workers import the app themselves; pass the choices through the environment.
        import os

        for key, value in overrides.items():
            os.environ[f"GATEWAY_{key.upper()}"] = str(value)
        serve(
            "koko_gateway.cli:_app_from_environment",
            settings,
            factory=True,
            workers=workers,
            access_log=False,
        )
        return
    with refusing_to_start("koko-gateway"):
        app = create_app(settings)
    serve(app, settings, access_log=False)


def _app_from_environment() -> object:
    return create_app(GatewaySettings())


if __name__ == "__main__":
    main()
