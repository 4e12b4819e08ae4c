"""Language negotiation and keyset cursors."""

import pytest

from koko_shared.errors import InvalidInput
from koko_shared.i18n import negotiate, parse_accept_language, served_language, text_direction
from koko_shared.pagination import (
    Page,
    PageRequest,
    decode_cursor,
    encode_cursor,
    page_request,
    page_size,
)


def test_accept_language_orders_by_quality_and_skips_garbage() -> None:
    assert parse_accept_language("en;q=0.5, ar, de;q=0.8, !!;q=1") == ["ar", "de", "en"]
    assert parse_accept_language(None) == []


def test_negotiation_falls_back_to_german() -> None:
    assert negotiate(["fr", "uk"], ["de", "en", "uk"]) == "uk"
    assert negotiate(["fr"], ["de", "en"]) == "de"
    assert negotiate(["en-GB"], ["de", "en"]) == "en"


def test_the_served_language_is_the_first_served_one_of_the_whole_list() -> None:
    assert served_language("fr, en") == "en"
    assert served_language("es, ar") == "ar"
    assert served_language("en;q=0.1, tr;q=0.9") == "tr"
    assert served_language("pt-BR") == "de"
    assert served_language(None) == "de"


def test_direction() -> None:
    assert text_direction("ar") == "rtl"
    assert text_direction("fa-IR") == "rtl"
    assert text_direction("uk") == "ltr"


def test_cursor_round_trip_and_rejection() -> None:
    cursor = encode_cursor(["2026-01-01", "a1"])
    assert decode_cursor(cursor, arity=2) == ["2026-01-01", "a1"]
    with pytest.raises(InvalidInput):
        decode_cursor("not-a-cursor!", arity=2)
    with pytest.raises(InvalidInput):
        decode_cursor(cursor, arity=3)


def test_page_size_limits() -> None:
    assert page_size(None) == 20
    assert page_size(100) == 100
    with pytest.raises(InvalidInput):
        page_size(101)
    with pytest.raises(InvalidInput):
        page_size(-1)


def test_overfetch_page() -> None:
    page = Page.from_overfetch([1, 2, 3], [[1], [2], [3]], PageRequest(size=2))
    assert page.rows == [1, 2] and page.has_next_page and not page.has_previous_page
    assert decode_cursor(page.end_cursor or "", arity=1) == [2]
    exact = Page.from_overfetch([1, 2], [[1], [2]], PageRequest(size=2))
    assert not exact.has_next_page


def test_backward_page_is_put_back_in_order() -> None:
    # given: rows fetched before the cursor, nearest first, one more than the page
    page = Page.from_overfetch([9, 8, 7], [[9], [8], [7]], PageRequest(2, "Wzld", backward=True))
    # then
    assert page.rows == [8, 9]
    assert page.has_previous_page and page.has_next_page
    assert decode_cursor(page.start_cursor or "", arity=1) == [8]


def test_page_request_directions_and_limits() -> None:
    assert page_request(first=5, after="a") == PageRequest(5, "a", backward=False)
    assert page_request(last=5, before="b") == PageRequest(5, "b", backward=True)
    assert page_request(last=5) == PageRequest(5, None, backward=True)
    assert page_request() == PageRequest(20, None, backward=False)
    for bad in (
        {"first": 1, "last": 1},
        {"after": "a", "before": "b"},
        {"first": 1, "before": "b"},
        {"last": 1, "after": "a"},
        {"last": 101},
    ):
        with pytest.raises(InvalidInput):
            page_request(**bad)  # type: ignore[arg-type]
