"""Imports every table so that the metadata is complete (Alembic, tests)."""

from koko_offers.actor.models import Actor
from koko_offers.change_log.models import ChangeLogEntry
from koko_offers.course_run.models import CourseRun
from koko_offers.course_type.models import CourseType
from koko_offers.db import metadata
from koko_offers.field_of_action.models import FieldOfAction
from koko_offers.location.models import Location
from koko_offers.meeting.models import FollowUp, Meeting
from koko_offers.offer.models import Offer
from koko_offers.pathway.models import Pathway, PathwayStep
from koko_offers.provider.models import Provider
from koko_offers.region.models import Area, Region
from koko_offers.search_synonym.models import SearchSynonym
from koko_offers.taxonomy.models import Category
from koko_offers.tie.models import Tie
from koko_offers.translation.models import Translation
from koko_offers.webhook.models import WebhookDelivery, WebhookSubscription
from koko_offers.working_group.models import WorkingGroup

__all__ = [
    "Actor",
    "Area",
    "Category",
    "ChangeLogEntry",
    "CourseRun",
    "CourseType",
    "FieldOfAction",
    "FollowUp",
    "Location",
    "Meeting",
    "Offer",
    "Pathway",
    "PathwayStep",
    "Provider",
    "Region",
    "SearchSynonym",
    "Tie",
    "Translation",
    "WebhookDelivery",
    "WebhookSubscription",
    "WorkingGroup",
    "metadata",
]
