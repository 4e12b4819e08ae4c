"""GraphiQL on GET /graphql (development), with its code served by the gateway itself from the
vendored npm builds in `graphiql_assets/` (no CDN), under a strict Content-Security-Policy."""

from __future__ import annotations

import html
from pathlib import Path

ASSETS_DIR = Path(__file__).parent / "graphiql_assets"
ASSETS_PATH = "/graphql/assets"
# Files a browser may fetch, with their media types; nothing else in the folder is served.
ASSETS = {
    "graphiql.min.js": "text/javascript; charset=utf-8",
    "graphiql.min.css": "text/css; charset=utf-8",
    "react.production.min.js": "text/javascript; charset=utf-8",
    "react-dom.production.min.js": "text/javascript; charset=utf-8",
    "init.js": "text/javascript; charset=utf-8",
    "favicon.svg": "image/svg+xml",
    "LICENSE.graphiql": "text/plain; charset=utf-8",
    "LICENSE.react": "text/plain; charset=utf-8",
    "LICENSE.react-dom": "text/plain; charset=utf-8",
}
# Only the gateway's own origin; GraphiQL's stylesheet sets inline styles and data: fonts.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)

# Asset URLs are relative to the page (/graphql), so a path prefix in front of the gateway works.
# The editor opens on `data-default-query` (GATEWAY_GRAPHIQL_DEFAULT_QUERY: `make run` sets the
# example its banner prints) unless the browser kept the visitor's own last query.
_GRAPHIQL_HTML = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>Koko GraphQL</title>
  <link rel="icon" type="image/svg+xml" href="graphql/assets/favicon.svg" />
  <link rel="stylesheet" href="graphql/assets/graphiql.min.css" />
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql" data-default-query="{default_query}">Loading GraphiQL...</div>
  <script src="graphql/assets/react.production.min.js"></script>
  <script src="graphql/assets/react-dom.production.min.js"></script>
  <script src="graphql/assets/graphiql.min.js"></script>
  <script src="graphql/assets/init.js"></script>
</body>
</html>
"""


def graphiql_html(default_query: str) -> str:
    """The GraphiQL page, its editor opening on `default_query` (empty: GraphiQL's own)."""
    return _GRAPHIQL_HTML.replace("{default_query}", html.escape(default_query, quote=True))


def asset(name: str) -> tuple[bytes, str] | None:
    """The content and media type of an allowed asset, or None."""
    media_type = ASSETS.get(name)
    if media_type is None:
        return None
    return (ASSETS_DIR / name).read_bytes(), media_type
