"""What the export releases per question type: bands of numbers (declared, from the range, or
powers of ten) and the columns k is computed over."""

from __future__ import annotations

from koko_surveys.export.bands import bands_of
from koko_surveys.export.columns import LADDER, Interview, columns_of, released_value
from koko_surveys.instrument.questions import QuestionSpec


def spec(**fields: object) -> QuestionSpec:
    return QuestionSpec.model_validate({"name": "q", "type": "integer", **fields})


def test_numbers_leave_in_the_bands_a_question_declares_or_its_range_gives() -> None:
    # given
    declared = bands_of(spec(bands=[0, 12, 24, 48]))
    from_constraint = bands_of(spec(constraint=". >= 0 and . <= 240"))
    from_range = bands_of(spec(type="decimal", minimum=0, maximum=10))
    unbounded = bands_of(spec())
    assert declared and from_constraint and from_range and unbounded
    # then
    assert [declared.label(v) for v in (-1, 0, 11, 12, 47, 48, 300)] == [
        "<0",
        "0-11",
        "0-11",
        "12-23",
        "24-47",
        "48+",
        "48+",
    ]
    assert [from_constraint.label(v) for v in (0, 49, 50, 199, 200, 240)] == [
        "0-49",
        "0-49",
        "50-99",
        "150-199",
        "200-240",
        "200-240",
    ]
    assert from_range.label(2.5) == "[2,4)" and from_range.label(10) == "[8,10]"
    assert [unbounded.label(v) for v in (0, 7, 42, 1234, -5)] == [
        "0",
        "1-9",
        "10-99",
        "1000-9999",
        "-(1-9)",
    ]
    assert [unbounded.widened().label(v) for v in (7, 42, 1234)] == ["1-99", "1-99", "100-9999"]
    assert from_constraint.widened().label(60) == "0-99"


def test_every_answer_is_a_key_column_unless_marked_and_a_changed_type_stays_out() -> None:
    # given: a question whose type changed between versions, one marked non-identifying, free
    # text (not asked for) and a note
    questions = [
        QuestionSpec.model_validate(q)
        for q in (
            {"name": "destination", "type": "select_one", "choices": [{"code": "a"}]},
            {"name": "satisfaction", "type": "scale", "minimum": 1, "maximum": 5},
            {"name": "other", "type": "text"},
            {"name": "hint", "type": "note"},
            {"name": "level", "type": "select_one", "choices": [{"code": "B1"}]},
            {"name": "level", "type": "integer"},
        )
    ]
    # when
    columns = columns_of(questions, non_identifying={"satisfaction"}, free_text=set())
    # then
    keyed = [c.name for c in columns if c.identifying]
    assert keyed[-1] == "answers.destination" and "answers.level" not in keyed
    assert [c.name for c in columns if not c.identifying] == ["answers.satisfaction"]
    assert not any("other" in c.name or "hint" in c.name for c in columns)


def test_an_answer_of_another_type_than_its_column_does_not_leave_as_it_is() -> None:
    # given: a date column holding text (stored under another version's type)
    (date_column,) = [
        c
        for c in columns_of(
            [QuestionSpec.model_validate({"name": "arrived", "type": "date"})],
            non_identifying=set(),
            free_text=set(),
        )
        if c.name == "answers.arrived"
    ]
    interview = Interview(None, None, {}, None, "v@1", {"arrived": "Syrien, 2015"})
    # then
    assert released_value(date_column, interview, LADDER[0]) is None
