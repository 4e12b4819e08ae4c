"""What each error code means, for the GraphQL `ErrorCode` enum (GraphiQL, codegen)."""

from __future__ import annotations

from koko_shared.errors import ErrorCode

ERROR_CODE_DESCRIPTIONS: dict[ErrorCode, str] = {
    # The request as a whole
    ErrorCode.BAD_REQUEST: "The HTTP or GraphQL request is malformed: unreadable body, invalid "
    "JSON, no query.",
    ErrorCode.GRAPHQL_PARSE_FAILED: "The GraphQL document is not syntactically valid.",
    ErrorCode.GRAPHQL_VALIDATION_FAILED: "The GraphQL document does not fit the schema "
    "(unknown field, wrong argument type, ...).",
    ErrorCode.OPERATION_LIMIT_EXCEEDED: "The operation is too expensive: too deep, too many "
    "aliases, too high a cost or too large a page.",
    ErrorCode.PERSISTED_QUERY_NOT_FOUND: "The hash of an automatic persisted query is not known "
    "yet; send the query text along with the hash.",
    ErrorCode.METHOD_NOT_ALLOWED: "The HTTP method is not accepted here (mutations need POST).",
    ErrorCode.PAYLOAD_TOO_LARGE: "The request body is larger than allowed.",
    ErrorCode.REQUEST_TIMEOUT: "The request headers or body did not arrive in time.",
    ErrorCode.UNSUPPORTED_MEDIA_TYPE: "The request body has a content type that is not accepted.",
    ErrorCode.NOT_ACCEPTABLE: "The Accept header allows no media type the API answers in.",
    ErrorCode.RATE_LIMITED: "Too many requests; wait as long as `Retry-After` says.",
    ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED: "A persisted query protocol version other than 1.",
    ErrorCode.PERSISTED_QUERY_REQUIRED: "Only persisted operations are accepted, but the "
    "request sent query text.",
    # Who is asking
    ErrorCode.UNAUTHENTICATED: "No valid credentials: the token is missing, expired or invalid.",
    ErrorCode.IDENTITY_INVALID: "The identity the gateway signed for a service does not verify "
    "there (the keys of gateway and service differ); an operator problem.",
    ErrorCode.FORBIDDEN: "Authenticated, but not allowed to do this (role or region).",
    # What was asked for
    ErrorCode.UNAUTHORIZED_FIELD_OR_TYPE: "The gateway left this field out: the caller's roles do "
    "not allow it (the field is null, the rest of the response stands).",
    ErrorCode.BAD_USER_INPUT: "A value breaks a rule; `field` says which.",
    ErrorCode.TOO_LONG: "A text is longer than its limit.",
    ErrorCode.TOO_MANY: "More items than allowed in one request (e.g. submissions in one batch).",
    ErrorCode.REQUIRED: "A required value is missing.",
    ErrorCode.NOT_FOUND: "The record does not exist, or the caller may not see it.",
    ErrorCode.CONFLICT: "The change conflicts with the stored state, e.g. a stale "
    "`expectedVersion` or a duplicate key.",
    ErrorCode.DUPLICATE: "A name appears twice where it must be unique (e.g. a question in an "
    "instrument).",
    ErrorCode.UNSUPPORTED: "A feature of the input that Koko does not support (e.g. an XLSForm "
    "question type).",
    # Webhooks
    ErrorCode.BLOCKED_DESTINATION: "A webhook address Koko does not send to (private, loopback "
    "or otherwise not public).",
    ErrorCode.QUOTA_EXCEEDED: "The caller has reached the maximum number of webhook subscriptions.",
    # Survey ingest, per row
    ErrorCode.BATCH_REJECTED: "Atomic ingest: at least one row failed, so no row was stored.",
    ErrorCode.CONSENT_MISSING: "A consent scope the wave requires is not given (or was withdrawn).",
    ErrorCode.CONSTRAINT: "An answer breaks its question's XLSForm constraint.",
    ErrorCode.DUPLICATE_INTERVIEW: "The subject already has a submission in this wave; send a "
    "correction that supersedes it.",
    ErrorCode.IDEMPOTENCY_KEY_REUSED: "The idempotency key was already used for a different "
    "request body.",
    ErrorCode.INVALID_PSEUDONYM: "The subject pseudonym does not have the required form.",
    ErrorCode.INVALID_VALUE: "An answer is not a valid value for its question type or choices.",
    ErrorCode.NOT_ANSWERABLE: "An answer was given to a question that takes none (a note).",
    ErrorCode.NOT_RELEVANT: "An answer was given to a question its relevance condition hides.",
    ErrorCode.OUTSIDE_FIELD_WINDOW: "`submittedAt` lies outside the wave's field window.",
    ErrorCode.OUTSIDE_REGION: "The region lies outside the study's region.",
    ErrorCode.STUDY_CLOSED: "The study no longer accepts submissions.",
    ErrorCode.UNKNOWN_COHORT: "The cohort named does not exist in the study.",
    ErrorCode.UNKNOWN_FIELD: "The row has a field Koko does not know.",
    ErrorCode.UNKNOWN_INSTRUMENT_VERSION: "The instrument version named is not published for "
    "the study.",
    ErrorCode.UNKNOWN_QUESTION: "An answer names a question the instrument does not have.",
    ErrorCode.UNKNOWN_SUBMISSION: "A correction supersedes a submission that is not stored.",
    ErrorCode.WAVE_CLOSED: "The wave no longer accepts submissions.",
    # Survey disclosure control and releases
    ErrorCode.BELOW_FLOOR: "A disclosure setting is below the floor Koko enforces.",
    ErrorCode.K_ANONYMITY_NOT_MET: "An export would contain groups smaller than the study's "
    "k-anonymity threshold.",
    ErrorCode.TOO_FEW_NEW_SUBMISSIONS: "A release follows the previous one with too few new "
    "submissions in between.",
    ErrorCode.WAVE_NOT_CLOSED: "A release needs the wave to be closed first.",
    ErrorCode.TABLE_PLAN_MISSING: "The wave has no table plan: define one before releasing.",
    ErrorCode.REVISION_TOO_SMALL: "A revision of a released wave would change cells by fewer "
    "people than the study's minimum; the message names the cells.",
    ErrorCode.RELEASE_UNCHANGED: "A revision of a released wave would change no figure.",
    # Koko's side
    ErrorCode.INTERNAL_SERVER_ERROR: "An unexpected failure inside Koko; the message is "
    "generic, the details are in Koko's logs.",
    ErrorCode.SERVICE_UNAVAILABLE: "Koko cannot serve the request right now (e.g. its database "
    "is down); retry after `Retry-After`.",
    ErrorCode.OVERLOADED: "Koko is at capacity (the service already serves as many requests as "
    "it takes at once, or every database connection is busy); the request was refused at once "
    "and can be retried after `retryAfterSeconds`.",
    ErrorCode.GATEWAY_TIMEOUT: "A service behind the gateway did not answer in time.",
    ErrorCode.SUBGRAPH_UNAVAILABLE: "A service behind the gateway cannot be reached.",
    ErrorCode.SUBGRAPH_ERROR: "A service behind the gateway answered with an invalid or failed "
    "response.",
    ErrorCode.QUERY_PLANNING_FAILED: "The gateway could not plan how to fetch the operation "
    "from its services.",
}
