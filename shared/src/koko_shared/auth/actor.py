"""Who is asking: an actor with roles granted per region (ARS), possibly bound to an organization
or to studies."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from koko_shared.errors import Unauthenticated

ALL_REGIONS = "*"
# A grant's region: a 12-digit Amtlicher Regionalschlüssel of a state 01-16.
_ARS = re.compile(r"(0[1-9]|1[0-6])\d{10}")
# ARS digits that close each administrative level: state, government district, district,
# municipal association, municipality.
_ARS_LEVEL_ENDS = (2, 3, 5, 9, 12)


class InvalidGrants(Unauthenticated):
    """The credential's claims do not describe a valid actor (`koko_grants` not a list, an
    unknown role, a region that is not an ARS, ...): refused as unauthenticated, never a 500."""


def is_valid_ars(value: str) -> bool:
    return bool(_ARS.fullmatch(value))


class Role(StrEnum):
    PROVIDER = "provider"
    COORDINATOR = "coordinator"
    ANALYST = "analyst"
    INTEGRATOR = "integrator"
    PARTNER = "partner"
    ADMIN = "admin"


def ars_prefix(ars: str) -> str:
    """The significant prefix of an ARS: trailing all-zero levels removed.
    `150030000000` (Magdeburg) -> `15003`; `150000000000` (Sachsen-Anhalt) -> `15`."""
    prefix = ars
    starts = (0, *_ARS_LEVEL_ENDS[:-1])
    for start, end in reversed(list(zip(starts, _ARS_LEVEL_ENDS, strict=True))):
        if start > 0 and len(prefix) == end and set(prefix[start:end]) <= {"0"}:
            prefix = prefix[:start]
    return prefix


def ars_ancestors(ars: str) -> list[str]:
    """The region and every region containing it, as full ARS, largest first.
    `150830270270` (Haldensleben) -> `150000000000`, `150830000000`, `150830270000`, ..."""
    prefix = ars_prefix(ars)
    levels = (prefix[:end].ljust(12, "0") for end in _ARS_LEVEL_ENDS if end <= len(prefix))
    return list(dict.fromkeys(levels))


def ars_covers(granted: str, target: str) -> bool:
    """True when `target` lies inside the region `granted` (or is it)."""
    if granted == ALL_REGIONS:
        return True
    return target.startswith(ars_prefix(granted))


@dataclass(frozen=True, slots=True)
class Grant:
    role: Role
    region: str
    organization: str | None = None
    studies: tuple[str, ...] = ()

    @classmethod
    def from_claim(cls, claim: Any) -> Grant:
        """A grant from a token claim; InvalidGrants when it is not a valid one."""
        if not isinstance(claim, dict):
            raise InvalidGrants(f"a grant must be an object, not {type(claim).__name__}")
        role_value = claim.get("role")
        try:
            role = Role(str(role_value))
        except ValueError:
            known = ", ".join(r.value for r in Role)
            raise InvalidGrants(
                f"unknown role {str(role_value)[:40]!r}; known roles: {known}"
            ) from None
        region = claim.get("region")
        if not isinstance(region, str) or not region:
            raise InvalidGrants(f"the {role.value} grant has no region")
        if region == ALL_REGIONS:
            if role != Role.ADMIN:
                raise InvalidGrants(
                    f"only admin grants may cover all regions ('*'), not {role.value}"
                )
        elif not is_valid_ars(region):
            raise InvalidGrants(
                f"grant region {region[:40]!r} is not a Regionalschlüssel (12 digits, state 01-16)"
            )
        organization = claim.get("organization")
        if organization is not None and not isinstance(organization, str | int):
            raise InvalidGrants("a grant's organization must be a string")
        studies = claim.get("studies") or []
        if not isinstance(studies, list) or not all(isinstance(s, str | int) for s in studies):
            raise InvalidGrants("a grant's studies must be a list of ids")
        return cls(
            role=role,
            region=region,
            organization=str(organization) if organization else None,
            studies=tuple(str(s) for s in studies),
        )

    def to_claim(self) -> dict[str, Any]:
        claim: dict[str, Any] = {"role": self.role.value, "region": self.region}
        if self.organization:
            claim["organization"] = self.organization
        if self.studies:
            claim["studies"] = list(self.studies)
        return claim


@dataclass(frozen=True, slots=True)
class Actor:
    subject: str
    grants: tuple[Grant, ...] = field(default_factory=tuple)
    name: str | None = None

    @property
    def is_public(self) -> bool:
        return not self.grants

    def grants_for(self, role: Role, region: str) -> list[Grant]:
        """Grants of `role` (or admin) that cover `region`."""
        return [
            g
            for g in self.grants
            if (g.role == role or g.role == Role.ADMIN) and ars_covers(g.region, region)
        ]

    def has_role(self, role: Role, region: str) -> bool:
        return bool(self.grants_for(role, region))

    def organizations(self, region: str) -> set[str]:
        """Organizations this actor acts for as a provider in `region`."""
        return {
            g.organization
            for g in self.grants
            if g.role == Role.PROVIDER and g.organization and ars_covers(g.region, region)
        }

    def regions(self, *roles: Role) -> list[str]:
        """Region grants of the given roles (admins always count)."""
        return [g.region for g in self.grants if g.role in roles or g.role == Role.ADMIN]

    def studies(self, role: Role) -> set[str]:
        return {s for g in self.grants if g.role == role for s in g.studies}

    def to_claims(self) -> dict[str, Any]:
        return {
            "sub": self.subject,
            "name": self.name,
            "koko_grants": [g.to_claim() for g in self.grants],
        }

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> Actor:
        """The actor a verified token or identity stands for; InvalidGrants when its claims are
        malformed (a 401 with a clear message at the gateway and at every subgraph)."""
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject:
            raise InvalidGrants("the credential has no subject ('sub')")
        grants = claims.get("koko_grants")
        if grants is None:
            grants = []
        if not isinstance(grants, list):
            raise InvalidGrants(
                f"'koko_grants' must be a list of grants, not {type(grants).__name__}"
            )
        name = claims.get("name")
        return cls(
            subject=subject,
            name=name if isinstance(name, str) else None,
            grants=tuple(Grant.from_claim(c) for c in grants),
        )


PUBLIC = Actor(subject="public")
