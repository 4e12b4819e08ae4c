"""Writing translations: `translationUpsert` for any translatable field and BCP 47 language, and
marking translations outdated when their German source changes in a major edit."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers import authorization
from koko_offers.change_log import service as change_log
from koko_offers.errors import Violations, invalid, not_found
from koko_offers.location import repository as location_repository
from koko_offers.offer import repository as offer_repository
from koko_offers.offer.models import Offer
from koko_offers.pathway import repository as pathway_repository
from koko_offers.provider import repository as provider_repository
from koko_offers.translation import repository
from koko_offers.translation.models import Translation
from koko_offers.validation import camel, column_limit, language_tags, snake
from koko_shared.auth.actor import Actor
from koko_shared.database.columns import utcnow
from koko_shared.errors import ErrorCode
from koko_shared.i18n import DEFAULT_LANGUAGE

# German fields that are translated, by entity (column names; GraphQL uses them in camelCase).
# Names of providers and places are proper names and stay German.
TRANSLATABLE_FIELDS: dict[str, tuple[str, ...]] = {
    "offer": ("title", "description", "eligibility_note", "fee_note"),
    "provider": ("description",),
    "location": ("transit_note",),
    "pathway": ("title", "description"),
    "pathway_step": ("title", "note", "conditions"),
}
# The GraphQL type of a global id -> the entity of the translation table.
ENTITY_OF_TYPE = {
    "Offer": "offer",
    "Provider": "provider",
    "Location": "location",
    "Pathway": "pathway",
    "PathwayStep": "pathway_step",
}
WRITABLE_STATES = ("up_to_date", "machine_translated")


def source_hash(german: str) -> str:
    """The fingerprint of the German text a translation was made from."""
    return hashlib.sha256(german.encode()).hexdigest()


async def outdate(
    session: AsyncSession, entity: str, entity_id: UUID, changed: Iterable[str], *, major_edit: bool
) -> list[str]:
    """After an edit of the German source: in a major edit, every translation of a changed
    translatable field becomes outdated; a minor edit (a typo) leaves them as they are.
    Returns the fields whose translations were outdated."""
    fields = [name for name in changed if name in TRANSLATABLE_FIELDS.get(entity, ())]
    if not major_edit or not fields:
        return []
    await repository.mark_outdated(session, entity, entity_id, fields)
    return fields


@dataclass(frozen=True, slots=True)
class _Owner:
    """The record a translated field belongs to, and who may write it."""

    row: Any
    region_ars: str
    provider_id: UUID | None  # None: only coordinators write it (pathways)
    version: int | None


async def _owner(session: AsyncSession, entity: str, entity_id: UUID) -> _Owner | None:
    # Locking the owner serializes a translation with concurrent edits of its German source.
    if entity == "offer":
        offer = await offer_repository.lock(session, entity_id)
        return _Owner(offer, offer.region_ars, offer.provider_id, offer.version) if offer else None
    if entity == "provider":
        provider = await provider_repository.lock(session, entity_id)
        if provider is None:
            return None
        return _Owner(provider, provider.region_ars, provider.id, provider.version)
    if entity == "location":
        location = await location_repository.lock(session, entity_id)
        if location is None:
            return None
        return _Owner(location, location.region_ars, location.provider_id, location.version)
    if entity == "pathway":
        pathway = await pathway_repository.lock(session, entity_id)
        return _Owner(pathway, pathway.region_ars, None, pathway.version) if pathway else None
    step = await pathway_repository.get_step(session, entity_id)
    if step is None:
        return None
    pathway = await pathway_repository.lock(session, step.pathway_id)
    assert pathway is not None
    return _Owner(step, pathway.region_ars, None, None)


@dataclass(frozen=True, slots=True)
class NewTranslation:
    """The translation of one field (`field` in camelCase) of one record into one language;
    `state` is how it was made (`up_to_date` or `machine_translated`)."""

    entity: str
    entity_id: UUID
    field: str
    language: str
    text: str
    state: str = "up_to_date"


async def upsert(session: AsyncSession, actor: Actor, new: NewTranslation) -> Translation:
    """Store the translation of one field into one language, made from the current German text
    (its sha256 is kept as `source_hash`)."""
    entity, entity_id, field = new.entity, new.entity_id, new.field
    language, text, state = new.language, new.text, new.state
    column = snake(field)
    problems = Violations()
    allowed = TRANSLATABLE_FIELDS[entity]
    if column not in allowed:
        problems.invalid(
            "field", "not_translatable", value=field[:40], allowed=", ".join(map(camel, allowed))
        )
    tags = language_tags(problems, "language", [language])
    if tags and tags[0].split("-")[0] == DEFAULT_LANGUAGE:
        problems.invalid("language", "german_is_source")
    if state not in WRITABLE_STATES:
        problems.invalid("state", "translation_state")
    limit = column_limit(Translation, "text") or 10000
    if len(text) > limit:
        problems.add(ErrorCode.TOO_LONG, "too_long", "text", limit=limit, length=len(text))
    elif not text.strip():
        problems.invalid("text", "required")
    problems.raise_if_any()

    owner = await _owner(session, entity, entity_id)
    if owner is None:
        raise not_found("entityId", entity, entity_id)
    if owner.provider_id is None:
        authorization.require_coordinator(actor, owner.region_ars)
    else:
        authorization.require_owned_reference(
            actor,
            field="entityId",
            what=entity,
            value=entity_id,
            region_ars=owner.region_ars,
            provider_id=owner.provider_id,
            readable=not isinstance(owner.row, Offer)
            or authorization.can_read_offer(actor, owner.row),
        )
    german = getattr(owner.row, column)
    if not german:
        raise invalid("field", "no_source_text")

    before = await repository.get(session, entity, entity_id, column, tags[0])
    old_text, old_state = (before.text, before.state) if before else (None, None)
    stored = await repository.upsert(
        session,
        Translation(
            entity=entity,
            entity_id=entity_id,
            field=column,
            language=tags[0],
            text=text,
            state=state,
            source_hash=source_hash(german),
            translated_by=actor.subject,
            updated_at=utcnow(),
        ),
    )
    await change_log.record(
        session,
        actor,
        entity=entity,
        entity_id=entity_id,
        action="translated",
        region_ars=owner.region_ars,
        changes=change_log.diff(
            {f"{column}.{tags[0]}": old_text, f"{column}.{tags[0]}.state": old_state},
            {f"{column}.{tags[0]}": text, f"{column}.{tags[0]}.state": state},
        ),
        version=owner.version,
    )
    if entity == "offer":
        await offer_repository.refresh_search_vectors(session, [entity_id])
    return stored
