"""The shapes of the demo network's entries: actors, working groups with their members, ties
and meetings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class ActorEntry:
    slug: str
    kind: str
    fields: tuple[str, ...]
    provider: str | None = None  # slug of the demo provider it is (name comes from there)
    name: str | None = None
    targets: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()  # Stadtteil codes (Magdeburg) or municipality ARS (Börde)
    role: str | None = None
    mailbox: str | None = None  # local part of a function mailbox at <slug>.example.org
    published: bool = True
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True, slots=True)
class GroupEntry:
    slug: str
    kind: str
    name: str
    fields: tuple[str, ...]
    members: tuple[tuple[str, str], ...]  # (actor slug, role)
    convenor: str | None = None
    parent: str | None = None
    purpose: str | None = None
    published: bool = True
    since: date = date(2017, 1, 1)


@dataclass(frozen=True, slots=True)
class TieEntry:
    kind: str
    source: str
    target: str
    since: date
    until: date | None = None
    note: str | None = None
    published: bool = True
    recent_days: int | None = None  # begins this many days before the demo is loaded


@dataclass(frozen=True, slots=True)
class FollowUpEntry:
    description: str
    owner: str
    due_in_days: int
    status: str = "open"


@dataclass(frozen=True, slots=True)
class MeetingEntry:
    slug: str
    group: str
    days_ago: int
    title: str
    participants: tuple[str, ...]
    topics: tuple[str, ...]
    decisions: tuple[str, ...]
    minutes: str
    follow_ups: tuple[FollowUpEntry, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class NetworkEntry:
    region_ars: str
    actors: tuple[ActorEntry, ...]
    groups: tuple[GroupEntry, ...]
    ties: tuple[TieEntry, ...]
    meetings: tuple[MeetingEntry, ...]
