"""The subset of XLSForm (XPath) expressions used for validation and relevance: `.`, `${q}`,
numbers, strings, comparison, arithmetic, `and`/`or`, `not()`, `selected()`,
`count-selected()`, `true()`, `false()`, `today()`, `string-length()`, `regex(., 'pattern')`
(the whole answer must match; the pattern is a literal). Compiled once, evaluated per answer."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from koko_shared.errors import InvalidValue

Evaluator = Callable[[Mapping[str, Any], Any], Any]

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<str>'[^']*'|\"[^\"]*\")|(?P<ref>\$\{[A-Za-z_][\w.-]*\})"
    r"|(?P<op><=|>=|!=|=|<|>|\+|-|\*|\(|\)|,)|(?P<word>[A-Za-z][\w-]*)|(?P<dot>\.))"
)
_FUNCTIONS = {
    "not",
    "selected",
    "count-selected",
    "true",
    "false",
    "today",
    "string-length",
    "regex",
}
MAX_PATTERN_LENGTH = 200
# A quantified group that itself holds a quantifier, e.g. (a+)+ or (\w*)*: such patterns can
# take exponential time on a short answer, so they are refused when the form is published.
_NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]")


class ExpressionError(InvalidValue):
    """An expression that cannot be read or is not supported (a catalogue message)."""


def _tokens(source: str) -> list[tuple[str, str]]:
    position, tokens = 0, []
    source = source.strip()
    while position < len(source):
        match = _TOKEN.match(source, position)
        if not match or match.end() == position:
            raise ExpressionError(
                "cannot read expression at '{text}'", text=source[position : position + 12]
            )
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _compare(op: str, left: Any, right: Any) -> bool:
    if left is None or right is None:
        return op == "!=" if (left is None) != (right is None) else op == "="
    lnum, rnum = _number(left), _number(right)
    if lnum is not None and rnum is not None:
        a: Any = lnum
        b: Any = rnum
    else:
        a, b = str(left), str(right)
    return bool(_COMPARISONS[op](a, b))


# Looked up per comparison (a dict of all six results built per call cost ~1 µs each time).
_COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value).split()


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.index = 0
        self.references: set[str] = set()

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (value is not None and token[1] != value):
            if value:
                raise ExpressionError("expected '{value}'", value=value)
            raise ExpressionError("unexpected end")
        self.index += 1
        return token

    def parse(self) -> Evaluator:
        result = self.or_expr()
        if self.peek() is not None:
            raise ExpressionError("unexpected '{value}'", value=self.peek()[1])  # type: ignore[index]
        return result

    def or_expr(self) -> Evaluator:
        left = self.and_expr()
        while (token := self.peek()) and token == ("word", "or"):
            self.take()
            right = self.and_expr()
            left = (lambda a, b: lambda ans, cur: bool(a(ans, cur)) or bool(b(ans, cur)))(
                left, right
            )
        return left

    def and_expr(self) -> Evaluator:
        left = self.comparison()
        while (token := self.peek()) and token == ("word", "and"):
            self.take()
            right = self.comparison()
            left = (lambda a, b: lambda ans, cur: bool(a(ans, cur)) and bool(b(ans, cur)))(
                left, right
            )
        return left

    def comparison(self) -> Evaluator:
        left = self.additive()
        token = self.peek()
        if token and token[0] == "op" and token[1] in {"=", "!=", "<", "<=", ">", ">="}:
            op = self.take()[1]
            right = self.additive()
            return (lambda a, b, o: lambda ans, cur: _compare(o, a(ans, cur), b(ans, cur)))(
                left, right, op
            )
        return left

    def additive(self) -> Evaluator:
        left = self.multiplicative()
        while (token := self.peek()) and token[1] in {"+", "-"}:
            op = self.take()[1]
            right = self.multiplicative()
            left = (lambda a, b, o: lambda ans, cur: _arith(o, a(ans, cur), b(ans, cur)))(
                left, right, op
            )
        return left

    def multiplicative(self) -> Evaluator:
        left = self.unary()
        while (token := self.peek()) and token[1] in {"*", "div", "mod"}:
            op = self.take()[1]
            right = self.unary()
            left = (lambda a, b, o: lambda ans, cur: _arith(o, a(ans, cur), b(ans, cur)))(
                left, right, op
            )
        return left

    def unary(self) -> Evaluator:
        if (token := self.peek()) and token[1] == "-":
            self.take()
            inner = self.unary()
            return lambda ans, cur: -(_number(inner(ans, cur)) or 0.0)
        return self.primary()

    def primary(self) -> Evaluator:
        kind, value = self.take()
        if kind == "num":
            number = float(value)
            return lambda ans, cur: number
        if kind == "str":
            text = value[1:-1]
            return lambda ans, cur: text
        if kind == "dot":
            return lambda ans, cur: cur
        if kind == "ref":
            name = value[2:-1]
            self.references.add(name)
            return lambda ans, cur: ans.get(name)
        if value == "(":
            inner = self.or_expr()
            self.take(")")
            return inner
        if kind == "word" and value in _FUNCTIONS:
            return self.function(value)
        raise ExpressionError("unsupported '{value}'", value=value)

    def function(self, name: str) -> Evaluator:
        self.take("(")
        if name == "regex":
            return self.regex()
        args: list[Evaluator] = []
        if (token := self.peek()) and token[1] != ")":
            args.append(self.or_expr())
            while (token := self.peek()) and token[1] == ",":
                self.take()
                args.append(self.or_expr())
        self.take(")")
        arity = {"not": 1, "selected": 2, "count-selected": 1, "true": 0, "false": 0, "today": 0}
        if name in arity and len(args) != arity[name]:
            raise ExpressionError(
                "{name}() takes {count} argument(s)", name=name, count=arity[name]
            )
        if name == "not":
            return lambda ans, cur: not args[0](ans, cur)
        if name == "selected":
            return lambda ans, cur: str(args[1](ans, cur)) in _as_list(args[0](ans, cur))
        if name == "count-selected":
            return lambda ans, cur: float(len(_as_list(args[0](ans, cur))))
        if name == "string-length":
            return lambda ans, cur: float(len(str(args[0](ans, cur) or "")))
        if name == "today":
            return lambda ans, cur: date.today().isoformat()
        constant = name == "true"
        return lambda ans, cur: constant

    def regex(self) -> Evaluator:
        subject = self.or_expr()
        self.take(",")
        kind, literal = self.take()
        self.take(")")
        if kind != "str":
            raise ExpressionError("regex() takes a quoted pattern as its second argument")
        pattern = _pattern(literal[1:-1])
        return lambda ans, cur: (
            (value := subject(ans, cur)) is not None
            and pattern.fullmatch(value if isinstance(value, str) else _text(value)) is not None
        )


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(value) if isinstance(value, list) else str(value)


def _pattern(source: str) -> re.Pattern[str]:
    if len(source) > MAX_PATTERN_LENGTH:
        raise ExpressionError(
            "a regex() pattern is at most {limit} characters", limit=MAX_PATTERN_LENGTH
        )
    if _NESTED_QUANTIFIER.search(source):
        raise ExpressionError(
            "regex() pattern '{pattern}' repeats a group that repeats itself (e.g. (a+)+); "
            "write it without nested repetition",
            pattern=source,
        )
    try:
        return re.compile(source)
    except re.error as exc:
        raise ExpressionError(
            "regex() pattern '{pattern}' is not valid: {reason}", pattern=source, reason=str(exc)
        ) from None


def _arith(op: str, left: Any, right: Any) -> float | None:
    a, b = _number(left), _number(right)
    if a is None or b is None:
        return None
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if b == 0:
        return None
    return a / b if op == "div" else a % b


def compile_expression(source: str) -> tuple[Evaluator, set[str]]:
    """Compile an expression; raises ExpressionError for anything outside the subset, so an
    instrument is never published with a rule the service would silently skip."""
    parser = _Parser(_tokens(source))
    evaluator = parser.parse()
    return evaluator, parser.references
