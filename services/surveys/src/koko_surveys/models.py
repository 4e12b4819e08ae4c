"""Every table of the surveys service, imported once so the metadata is complete (Alembic)."""

from koko_surveys.audit.models import AuditEntry
from koko_surveys.db import metadata
from koko_surveys.export.models import ExportRecord, MicrodataExport, PanelAccess
from koko_surveys.indicator.models import IndicatorDefinition
from koko_surveys.instrument.models import Instrument, InstrumentVersion
from koko_surveys.plan.models import TablePlan
from koko_surveys.release.models import Release, ReleaseCell, ReleaseSubmission
from koko_surveys.study.models import Cohort, Study
from koko_surveys.subject.models import Consent, Informant, Subject
from koko_surveys.submission.models import IdempotencyRecord, Submission
from koko_surveys.wave.models import Wave, WaveInstrumentVersion

__all__ = [
    "AuditEntry",
    "Cohort",
    "Consent",
    "ExportRecord",
    "IdempotencyRecord",
    "IndicatorDefinition",
    "Informant",
    "Instrument",
    "InstrumentVersion",
    "MicrodataExport",
    "PanelAccess",
    "Release",
    "ReleaseCell",
    "ReleaseSubmission",
    "Study",
    "Subject",
    "Submission",
    "TablePlan",
    "Wave",
    "WaveInstrumentVersion",
    "metadata",
]
