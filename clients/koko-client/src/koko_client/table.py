"""Per-row results as a plain-text table (one line per row, errors below their row)."""

from __future__ import annotations

from koko_client.models import BatchResult, OwnSubmission


def render(batch: BatchResult, *, width: int = 100) -> str:
    id_width = max([len("submissionId")] + [len(r.submissionId or "-") for r in batch.results])
    id_width = min(id_width, 40)
    lines = [f"{'row':>5}  {'submissionId':<{id_width}}  {'status':<9}  errors"]
    lines.append("-" * min(width, 5 + 2 + id_width + 2 + 9 + 2 + 40))
    for result in batch.results:
        first = result.errors[0] if result.errors else None
        rest = result.errors[1:]
        error = f"{first.field or '-'}: {first.message}" if first else ""
        lines.append(
            f"{result.row:>5}  {(result.submissionId or '-'):<{id_width}}  "
            f"{result.status:<9}  {error}"
        )
        indent = " " * (5 + 2 + id_width + 2 + 9 + 2)
        lines += [f"{indent}{e.field or '-'}: {e.message}" for e in rest]
    summary = ", ".join(f"{count} {status}" for status, count in batch.summary.items())
    lines.append(f"\n{batch.mode}: {summary}")
    return "\n".join(lines)


def own_table(items: list[OwnSubmission]) -> str:
    id_width = min(max([len("submissionId")] + [len(i.submissionId) for i in items]), 40)
    lines = [f"{'submissionId':<{id_width}}  {'status':<9}  {'version':<14}  received / note"]
    for item in items:
        note = f"corrected by {item.correctedBy}" if item.correctedBy else item.receivedAt
        lines.append(
            f"{item.submissionId:<{id_width}}  {item.status:<9}  {item.instrumentVersion:<14}  "
            f"{note}"
        )
    lines.append(f"\n{len(items)} submissions")
    return "\n".join(lines)
