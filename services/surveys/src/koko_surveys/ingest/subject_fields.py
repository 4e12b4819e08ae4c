"""Validation of what a submission row says about its subject: the attributes results are
counted by (region, area, sex, age group, origin group, cohort, offer) and the consents given."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from uuid import UUID

from koko_shared.errors import ErrorCode, FieldError, value_error
from koko_surveys.ingest.values import SHORT_CODE, one_of, parse_datetime
from koko_surveys.ingest.wave_context import WaveContext
from koko_surveys.instrument.cell_formats import read_sex
from koko_surveys.study.service import CONSENT_SCOPES

ARS = re.compile(r"^[0-9]{12}$")
ATTRIBUTE_FIELDS = {"regionArs", "areaCode", "sex", "birthYear", "originGroup", "cohort", "offerId"}


def age_group(birth_year: int, reference: date) -> str:
    age = reference.year - birth_year
    if age < 16:
        return "under_16"
    if age < 18:
        return "16_17"
    if age < 21:
        return "18_20"
    if age < 27:
        return "21_26"
    return "27_plus"


def _birth_year(value: Any, text_cells: bool) -> int | None:
    """A JSON integer (2007, not 2007.5 or "2007"); in a CSV cell, its digits."""
    if text_cells and isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def validate_attributes(
    raw: Any, context: WaveContext, errors: list[FieldError], text_cells: bool = False
) -> tuple[dict[str, str | None], UUID | None]:
    dims: dict[str, str | None] = {
        "region_ars": context.region_ars,
        "area_code": None,
        "sex": None,
        "age_group": None,
        "origin_group": None,
        "cohort_code": None,
        "offer_id": None,
    }
    if not isinstance(raw, dict):
        errors.append(FieldError(ErrorCode.BAD_USER_INPUT, "attributes is an object", "attributes"))
        return dims, None
    for unknown in sorted(set(raw) - ATTRIBUTE_FIELDS):
        errors.append(
            FieldError(
                ErrorCode.UNKNOWN_FIELD,
                "unknown attribute '{name}'",
                f"attributes.{str(unknown)[:64]}",
                {"name": unknown},
            )
        )
    region = raw.get("regionArs")
    if region is not None:
        study_prefix = context.region_prefix
        if not isinstance(region, str) or not ARS.match(region):
            errors.append(
                FieldError(
                    ErrorCode.BAD_USER_INPUT,
                    "regionArs has exactly 12 digits",
                    "attributes.regionArs",
                )
            )
        elif not region.startswith(study_prefix):
            errors.append(
                FieldError(
                    ErrorCode.OUTSIDE_REGION,
                    "{region} is not inside the study's region {study_region}",
                    "attributes.regionArs",
                    {"region": region, "study_region": context.study.region_ars},
                )
            )
        else:
            dims["region_ars"] = region
    for key, column in (("areaCode", "area_code"), ("originGroup", "origin_group")):
        value = raw.get(key)
        if value is not None:
            if not isinstance(value, str) or not SHORT_CODE.match(value):
                errors.append(
                    FieldError(
                        ErrorCode.BAD_USER_INPUT,
                        "{name} is a short code",
                        f"attributes.{key}",
                        {"name": key},
                    )
                )
            else:
                dims[column] = value
    sex = raw.get("sex")
    if sex is not None:
        try:
            dims["sex"] = read_sex(sex)
        except ValueError as exc:
            errors.append(value_error(ErrorCode.BAD_USER_INPUT, exc, "attributes.sex"))
    birth_year = raw.get("birthYear")
    if birth_year is not None:
        year = _birth_year(birth_year, text_cells)
        if year is None or not 1900 <= year <= context.reference_year:
            errors.append(
                FieldError(
                    ErrorCode.BAD_USER_INPUT,
                    "birthYear is a whole year (a JSON integer such as 2007) from 1900 to the "
                    "wave's reference date",
                    "attributes.birthYear",
                )
            )
        else:
            assert context.reference_date is not None
            dims["age_group"] = age_group(year, context.reference_date)
    cohort_id = None
    cohort = raw.get("cohort")
    if cohort is not None:
        cohort_id = context.cohorts.get(cohort) if isinstance(cohort, str) else None
        if cohort_id is None:
            errors.append(
                FieldError(
                    ErrorCode.UNKNOWN_COHORT,
                    "no cohort '{cohort}' in this study",
                    "attributes.cohort",
                    {"cohort": cohort},
                )
            )
        else:
            dims["cohort_code"] = cohort
    offer = raw.get("offerId")
    if offer is not None:
        if not isinstance(offer, str) or len(offer) > 200:
            errors.append(
                FieldError(
                    ErrorCode.BAD_USER_INPUT, "offerId is the id of an offer", "attributes.offerId"
                )
            )
        else:
            dims["offer_id"] = offer
    return dims, cohort_id


def validate_consents(
    raw: Any, errors: list[FieldError]
) -> list[tuple[str, str, str, datetime, datetime | None]]:
    consents: list[tuple[str, str, str, datetime, datetime | None]] = []
    if not isinstance(raw, list):
        errors.append(FieldError(ErrorCode.BAD_USER_INPUT, "consents is a list", "consents"))
        return consents
    for position, item in enumerate(raw):
        where = f"consents.{position}"
        if not isinstance(item, dict):
            errors.append(FieldError(ErrorCode.BAD_USER_INPUT, "a consent is an object", where))
            continue
        scope, text_version, basis = (
            item.get("scope"),
            item.get("textVersion"),
            item.get("legalBasis"),
        )
        if not one_of(scope, CONSENT_SCOPES):
            errors.append(
                FieldError(
                    ErrorCode.BAD_USER_INPUT,
                    "scope is one of {scopes}",
                    f"{where}.scope",
                    {"scopes": sorted(CONSENT_SCOPES)},
                )
            )
            continue
        if not isinstance(text_version, str) or not SHORT_CODE.match(text_version):
            errors.append(
                FieldError(
                    ErrorCode.BAD_USER_INPUT,
                    "textVersion names the consent text shown",
                    f"{where}.textVersion",
                )
            )
            continue
        if not isinstance(basis, str) or not SHORT_CODE.match(basis):
            errors.append(
                FieldError(
                    ErrorCode.BAD_USER_INPUT,
                    "legalBasis is required (e.g. consent, public_task)",
                    f"{where}.legalBasis",
                )
            )
            continue
        try:
            given = parse_datetime(item.get("givenAt"))
            withdrawn = parse_datetime(item["withdrawnAt"]) if item.get("withdrawnAt") else None
        except ValueError as exc:
            errors.append(
                FieldError(
                    ErrorCode.BAD_USER_INPUT,
                    "givenAt/withdrawnAt: {problem}",
                    where,
                    {"problem": value_error(ErrorCode.BAD_USER_INPUT, exc, None)},
                )
            )
            continue
        consents.append((scope, text_version, basis, given, withdrawn))
    return consents
