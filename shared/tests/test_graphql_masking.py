"""Subgraph errors: internals are masked, a client's own mistakes are explained."""

import strawberry

from koko_shared.errors import InvalidInput
from koko_shared.graphql.schema import federation_schema


@strawberry.type
class Query:
    @strawberry.field
    def broken(self) -> int:
        raise RuntimeError("connection string postgresql://secret@db leaked")

    @strawberry.field
    def refused(self) -> int:
        raise InvalidInput("first must be at most 100", field="first")

    @strawberry.field
    def echo(self, value: int) -> int:
        return value


schema = federation_schema(query=Query)


async def test_unexpected_errors_are_masked() -> None:
    result = await schema.execute("{ broken }")
    assert result.errors is not None
    assert result.errors[0].message == "Unexpected error."
    assert "secret" not in str(result.errors[0].formatted)


async def test_domain_errors_keep_their_message() -> None:
    result = await schema.execute("{ refused }")
    assert result.errors is not None
    assert result.errors[0].message == "first must be at most 100"


async def test_missing_and_mistyped_variables_are_explained() -> None:
    missing = await schema.execute("query($v: Int!) { echo(value: $v) }", variable_values={})
    mistyped = await schema.execute(
        "query($v: Int!) { echo(value: $v) }", variable_values={"v": "x"}
    )
    assert missing.errors is not None and mistyped.errors is not None
    assert "non-null type 'Int!'" in missing.errors[0].message
    assert "Int cannot represent non-integer value" in mistyped.errors[0].message


async def test_every_error_carries_a_code_from_the_vocabulary() -> None:
    # given one mistake of each kind
    cases = {
        "{ broken }": "INTERNAL_SERVER_ERROR",
        "{ refused }": "BAD_USER_INPUT",
        "{ echo(value: 1) ": "GRAPHQL_PARSE_FAILED",
        "{ nothing }": "GRAPHQL_VALIDATION_FAILED",
        "{ " + "a: __typename " * 1 + "}": None,
    }
    for query, code in cases.items():
        # when
        result = await schema.execute(query)
        # then
        if code is None:
            assert result.errors is None
            continue
        assert result.errors is not None and len(result.errors) == 1, query
        assert result.errors[0].formatted["extensions"]["code"] == code, query


async def test_a_mistyped_variable_is_one_bad_user_input_error() -> None:
    result = await schema.execute("query($v: Int!) { echo(value: $v) }", variable_values={"v": "x"})
    assert result.errors is not None
    assert [e.formatted["extensions"]["code"] for e in result.errors] == ["BAD_USER_INPUT"]
