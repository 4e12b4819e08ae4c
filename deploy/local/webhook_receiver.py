"""A webhook receiver for trying Koko's webhooks on one machine: prints every delivery (its
Standard Webhooks headers and JSON body) and answers 204. With the subscription's secret as
argument it also checks each signature, as a partner's receiver must.

    .venv/bin/python deploy/local/webhook_receiver.py 9999 [whsec_...]

`make run` admits receivers on 127.0.0.1 (OFFERS_WEBHOOK_ALLOWED_NETWORKS); subscribe
http://127.0.0.1:9999/ with the partner key and send a test ping (see the welcome text)."""

from __future__ import annotations

import contextlib
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


def handler(secret: str | None) -> type[BaseHTTPRequestHandler]:
    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            headers = {k.lower(): v for k, v in self.headers.items()}
            verdict = "not checked (no secret given)"
            if secret:
                try:
                    Webhook(secret).verify(body, headers)
                    verdict = "valid"
                except WebhookVerificationError as exc:
                    verdict = f"INVALID ({exc})"
            print(f"--- {headers.get('webhook-id')} at {headers.get('webhook-timestamp')}")
            print(f"signature: {verdict}")
            try:
                print(json.dumps(json.loads(body), indent=2, ensure_ascii=False))
            except ValueError:
                print(body[:2000])
            sys.stdout.flush()
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass  # the deliveries are printed above

    return Receiver


def main() -> None:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 9999
    secret = sys.argv[2] if len(sys.argv) > 2 else None
    server = ThreadingHTTPServer(("127.0.0.1", port), handler(secret))
    print(f"receiving webhooks at http://127.0.0.1:{port}/ (Ctrl-C stops)", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
