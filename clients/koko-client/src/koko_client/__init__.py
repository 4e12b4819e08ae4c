"""Typed client for Koko's surveys REST API: post a batch of submissions from a file with an
idempotency key, retrying on 429 and 503 (honouring Retry-After), and read the per-row results.

The models mirror the surveys OpenAPI document (`/openapi/surveys.json`); a test in the
repository fails when they drift apart."""

from koko_client.client import BatchOutcome, SurveysClient, content_type_of
from koko_client.models import BatchResult, FieldError, Mode, Problem, RowResult

__all__ = [
    "BatchOutcome",
    "BatchResult",
    "FieldError",
    "Mode",
    "Problem",
    "RowResult",
    "SurveysClient",
    "content_type_of",
]
