"""Who is asking: an actor with roles granted per region (ARS), possibly bound to an organization
or to studies."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

ALL_REGIONS = "*"
# ARS digits that close each administrative level: state, government district, district,
# municipal association, municipality.
_ARS_LEVEL_ENDS = (2, 3, 5, 9, 12)


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
    def from_claim(cls, claim: dict[str, Any]) -> Grant:
        return cls(
            role=Role(claim["role"]),
            region=str(claim["region"]),
            organization=str(claim["organization"]) if claim.get("organization") else None,
            studies=tuple(str(s) for s in claim.get("studies") or ()),
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
        return cls(
            subject=str(claims["sub"]),
            name=claims.get("name"),
            grants=tuple(Grant.from_claim(c) for c in claims.get("koko_grants") or ()),
        )


PUBLIC = Actor(subject="public")
