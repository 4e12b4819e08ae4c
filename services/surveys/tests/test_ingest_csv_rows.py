"""How a CSV body becomes rows: cells are read by their header's column names, a line with
fewer cells than the header leaves the missing ones empty, a blank line is no row, and of a
column named twice the later cell counts (as a spreadsheet's reader would have it)."""

from __future__ import annotations

from koko_surveys.ingest.formats import parse_rows


def test_csv_cells_are_read_by_column_name_short_rows_and_blank_lines_included() -> None:
    # given: a row with every cell, a blank line, a row that stops early, a repeated column
    body = (
        b"submission_id,subject,instrument_version,destination,age,sex,age\r\n"
        b"a-1,s1,v@1,training,17,f,18\r\n"
        b"\r\n"
        b"a-2,s2,v@1,school\r\n"
    )
    # when
    rows = parse_rows(body, "text/csv", max_rows=10)
    # then: two rows; the missing cells are no values, the later 'age' wins
    assert [dict(row) for row in rows] == [
        {
            "submissionId": "a-1",
            "subject": "s1",
            "instrumentVersion": "v@1",
            "answers": {"destination": "training", "age": "18"},
            "attributes": {"sex": "f"},
        },
        {
            "submissionId": "a-2",
            "subject": "s2",
            "instrumentVersion": "v@1",
            "answers": {"destination": "school"},
        },
    ]


def test_a_csv_row_with_more_cells_than_the_header_is_marked_for_rejection() -> None:
    # given: a row with one cell too many
    body = b"submission_id,subject\r\na-1,s1,extra\r\n"
    # when
    (row,) = parse_rows(body, "text/csv", max_rows=10)
    # then: it keeps its id for the answer and says why it is refused
    assert row["submissionId"] == "a-1"
    assert "csvRow" in row
