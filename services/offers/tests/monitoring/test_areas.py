"""Which released area cells are a region's: the areas the catalogue defines in it alone."""

from __future__ import annotations

import pytest

from koko_offers.monitoring import areas
from koko_shared.errors import InvalidInput

STATE, MAGDEBURG, BOERDE = "150000000000", "150030000000", "150830000000"
HALDENSLEBEN, BARLEBEN = "150830270270", "150830040040"


def _study() -> areas.StudyRegion:
    return areas.StudyRegion(
        STATE,
        "Sachsen-Anhalt",
        {
            "01": [(MAGDEBURG, "Altstadt")],
            "HDL-1": [(HALDENSLEBEN, "Kernstadt")],
            # the same code in two towns: neither town's figure
            "X": [(HALDENSLEBEN, "Nord"), (BARLEBEN, "Nord")],
        },
    )


def test_a_municipality_gets_its_own_areas_only() -> None:
    assert areas.areas_of(_study(), HALDENSLEBEN) == {"HDL-1": "Kernstadt"}
    assert areas.areas_of(_study(), MAGDEBURG) == {"01": "Altstadt"}


def test_a_district_gets_the_areas_of_its_municipalities_even_a_shared_code() -> None:
    assert areas.areas_of(_study(), BOERDE) == {"HDL-1": "Kernstadt", "X": "Nord"}


def test_a_study_of_another_region_is_refused() -> None:
    areas.check_covers(STATE, HALDENSLEBEN)
    areas.check_covers(HALDENSLEBEN, STATE)
    with pytest.raises(InvalidInput):
        areas.check_covers(MAGDEBURG, HALDENSLEBEN)
