"""`koko-client submit FILE --study ID --wave ID --idempotency-key KEY [--dry-run]
[--mode partial|atomic]`: post a batch, print every row's result as a table, exit by outcome.
`koko-client codebook --study ID --wave ID [--csv]`: what the wave takes.
`koko-client submissions --study ID --wave ID`: your submissions of the wave and their status.

Exit codes: 0 every row created or unchanged; 1 some rows rejected or in conflict (in partial
mode the others were stored); 2 the batch was refused as a whole (atomic mode with a failing
row, or a problem such as 401, 403, 404, 413, 422); 3 the service did not answer usably
(still 429/503 after every retry, a 5xx, no connection); 64 wrong command line."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import NoReturn

import httpx

from koko_client.client import BatchOutcome, ProblemError, SurveysClient, content_type_of
from koko_client.models import Mode
from koko_client.table import own_table, render

EXIT_OK, EXIT_ROWS_FAILED, EXIT_REFUSED, EXIT_UNAVAILABLE, EXIT_USAGE = 0, 1, 2, 3, 64
FORMATS = {"csv": "text/csv", "json": "application/json", "ndjson": "application/x-ndjson"}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def parser() -> argparse.ArgumentParser:
    root = _Parser(prog="koko-client", description="Koko surveys from the command line.")
    commands = root.add_subparsers(dest="command", required=True, parser_class=_Parser)
    submit = commands.add_parser("submit", help="post a batch of submissions (CSV, JSON or NDJSON)")
    submit.add_argument("file", type=Path, help="the batch: .csv, .json, .ndjson or .jsonl")
    submit.add_argument("--study", required=True, help="study id (UUID)")
    submit.add_argument("--wave", required=True, help="wave id (UUID)")
    submit.add_argument(
        "--idempotency-key",
        required=True,
        help="the same key for every retry of this batch (e.g. the file's name and date)",
    )
    submit.add_argument("--mode", choices=["partial", "atomic"], default="partial")
    submit.add_argument("--dry-run", action="store_true", help="check every row, store nothing")
    submit.add_argument("--format", choices=sorted(FORMATS), help="default: by file suffix")
    _connection_options(submit)
    codebook = commands.add_parser(
        "codebook", help="what a wave takes: versions, questions, choices, accepted formats"
    )
    submissions = commands.add_parser(
        "submissions", help="the submissions your credential sent to a wave, with status"
    )
    for command in (codebook, submissions):
        command.add_argument("--study", required=True, help="study id (UUID)")
        command.add_argument("--wave", required=True, help="wave id (UUID)")
        _connection_options(command)
    codebook.add_argument("--csv", action="store_true", help="as CSV (semicolons, German Excel)")
    return root


def _connection_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--url",
        default=os.environ.get("KOKO_URL", "http://127.0.0.1:8000"),
        help="Koko's base URL (env KOKO_URL; default the gateway of `make run`)",
    )
    command.add_argument(
        "--token", default=os.environ.get("KOKO_TOKEN"), help="API key or token (env KOKO_TOKEN)"
    )
    command.add_argument("--max-attempts", type=int, default=6, help="requests at most (default 6)")


def exit_code(outcome: BatchOutcome) -> int:
    if outcome.status_code == 200 and outcome.result is not None:
        failed = any(r.status in ("rejected", "conflict") for r in outcome.result.results)
        return EXIT_ROWS_FAILED if failed else EXIT_OK
    if outcome.status_code in (429, 503) or outcome.status_code >= 500:
        return EXIT_UNAVAILABLE
    return EXIT_REFUSED


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if not args.token:
        print("koko-client: pass --token or set KOKO_TOKEN", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "submit":
        return _submit(args)
    with SurveysClient(args.url, args.token, max_attempts=args.max_attempts) as client:
        try:
            if args.command == "codebook":
                print(client.codebook(args.study, args.wave, as_csv=args.csv), end="")
            else:
                print(own_table(list(client.own_submissions(args.study, args.wave))))
        except ProblemError as exc:
            print(f"koko-client: {exc}", file=sys.stderr)
            return EXIT_UNAVAILABLE if exc.problem.status in (429, 503) else EXIT_REFUSED
        except httpx.TransportError as exc:
            print(f"koko-client: no answer from {args.url}: {exc}", file=sys.stderr)
            return EXIT_UNAVAILABLE
    return EXIT_OK


def _submit(args: argparse.Namespace) -> int:
    try:
        content_type = FORMATS[args.format] if args.format else content_type_of(args.file)
        body = args.file.read_bytes()
    except (ValueError, OSError) as exc:
        print(f"koko-client: {exc}", file=sys.stderr)
        return EXIT_USAGE
    mode = Mode.DRY_RUN if args.dry_run else Mode(args.mode)
    with SurveysClient(args.url, args.token, max_attempts=args.max_attempts) as client:
        try:
            outcome = client.submit_batch(
                args.study,
                args.wave,
                body,
                content_type=content_type,
                idempotency_key=args.idempotency_key,
                mode=mode,
            )
        except httpx.TransportError as exc:
            print(f"koko-client: no answer from {args.url}: {exc}", file=sys.stderr)
            return EXIT_UNAVAILABLE
    rows = outcome.rows
    if rows is not None:
        print(render(rows))
    if outcome.problem is not None:
        problem = outcome.problem
        print(f"{problem.status} {problem.code}: {problem.title}", file=sys.stderr)
        for error in problem.errors or []:
            if rows is None:
                print(f"  {error.field or '-'}: {error.message}", file=sys.stderr)
    if outcome.replayed:
        print("(answer replayed: this Idempotency-Key was used before)", file=sys.stderr)
    if outcome.attempts > 1:
        print(f"({outcome.attempts} attempts)", file=sys.stderr)
    return exit_code(outcome)


if __name__ == "__main__":
    raise SystemExit(main())
