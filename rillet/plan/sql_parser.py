"""Spark SQL text -> rillet plan nodes, through sqlglot's Spark dialect (the only sqlglot import).

``parse_expression`` serves ``F.expr``, ``selectExpr`` and ``filter("a > 1")``;
``parse_query`` serves ``spark.sql``. Both build the same unresolved nodes the
DataFrame API builds, so the analyzer names and types them the same way Spark does
(``SELECT a + 1`` -> ``(a + 1)``, ``count(*)`` -> ``count(1)``).

sqlglot is used as a tokenizer and grammar only. Its function table is switched
off, so every call reaches us as the name the user wrote (``ucase(s)`` stays
``ucase``) and :mod:`rillet.plan.registry` alone decides what a function is.
Literals are read from the source text with Spark's rules (``1.5`` is
``DECIMAL(2,1)``, ``1L`` a BIGINT, ``'a\\nb'`` has a newline, ``'a' 'b'`` is
``'ab'``). A construct rillet cannot run (window functions, subqueries in
expressions, LATERAL VIEW, ...) raises a ``ParseException`` naming it, never a
plan that means something else.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import singledispatch
from typing import Any, ClassVar, TypeVar

import pyarrow as pa
from sqlglot import exp
from sqlglot.dialects.spark import Spark
from sqlglot.errors import ParseError, TokenError
from sqlglot.parsers.spark import SparkParser
from sqlglot.tokens import Token, TokenType

from rillet.errors import AnalysisException, ArithmeticException, ParseException, PySparkException
from rillet.plan import logical as L
from rillet.plan import registry
from rillet.plan import types as T
from rillet.plan.analyzer.expressions import Scope, _resolve
from rillet.plan.expressions.core import (
    Alias,
    BinaryOperator,
    BitwiseNot,
    CaseWhen,
    Cast,
    Expression,
    GetField,
    GetItem,
    In,
    IsNull,
    Literal,
    MultiAlias,
    Negate,
    Not,
    SortOrder,
    UnresolvedAttribute,
    UnresolvedFunction,
    UnresolvedStar,
    strip_alias,
)

__all__ = ["parse_expression", "parse_query", "UnresolvedOrdinal", "UnresolvedGroupingAlias"]


def parse_expression(text: str) -> Expression:
    """Parse one Spark SQL expression, optionally aliased: ``"a + 1"``, ``"count(*) AS n"``.

    >>> parse_expression("a + 1").sql()
    '(a + 1)'
    """
    node = _parse(text, query=False)
    if not isinstance(node, exp.Subquery) and isinstance(node, (exp.Query, exp.Command, exp.DDL, exp.DML)):
        raise _syntax_error(text, _first_token(text), "")
    return _expr(node)


def parse_query(text: str) -> L.LogicalPlan:
    """Parse one Spark SQL query (``SELECT ...``, ``WITH ...``, set operations) into a plan.

    >>> type(parse_query("SELECT a FROM t")).__name__
    'Project'
    """
    node = _parse(text, query=True)
    if not isinstance(node, (exp.Query, exp.Values)):
        raise _not_supported(f"the SQL statement {_head(node)}")
    return _query(node, {})


# ---------------------------------------------------------------------------
# an expression node the parser needs and the core tree does not have yet


@dataclass(frozen=True, repr=False)
class UnresolvedOrdinal(Expression):
    """The ``position``-th (1-based) column of the node's input: Spark's ``UnresolvedOrdinal``.

    The parser uses it for ``ORDER BY 1``, for ``HAVING count(*) > 1`` / ``ORDER BY
    sum(x)`` when the aggregate is an un-aliased select item (whose column name only
    the analyzer knows), and to project hidden HAVING/ORDER BY columns away.
    """

    position: int

    @property
    def resolved(self) -> bool:
        return False

    def sql(self) -> str:
        return f"ordinal({self.position})"


@dataclass(frozen=True, repr=False)
class UnresolvedGroupingAlias(Expression):
    """``GROUP BY p`` where ``p`` is also a select-list alias (``SELECT a + 1 AS p``).

    Spark groups by an input column named ``p`` when there is one, else by the
    aliased expression; only the analyzer can tell which.
    """

    name: str
    aliased: Expression
    _child_fields = ("aliased",)

    @property
    def resolved(self) -> bool:
        return False

    def sql(self) -> str:
        return self.name


# These two nodes belong in expressions/core.py and their rules in analyzer/expressions.py;
# until they move there, this module registers the rules with the analyzer's dispatch.


@_resolve.register
def _resolve_ordinal(e: UnresolvedOrdinal, scope: Scope) -> Expression:
    if not 1 <= e.position <= len(scope.attrs):
        raise _error(AnalysisException, "ORDER_BY_POS_OUT_OF_RANGE", index=str(e.position), size=str(len(scope.attrs)))
    return scope.attrs[e.position - 1]


@_resolve.register
def _resolve_grouping_alias(e: UnresolvedGroupingAlias, scope: Scope) -> Expression:
    try:
        return scope.lookup((e.name,))
    except AnalysisException as error:
        if not (error.getCondition() or "").startswith("UNRESOLVED_COLUMN"):
            raise
    return _resolve(e.aliased, scope)


# ---------------------------------------------------------------------------
# errors


_PARAM = re.compile(r"<([A-Za-z0-9_]+)>")
E = TypeVar("E", bound=PySparkException)


def _error(cls: type[E], condition: str, **params: str) -> E:
    return cls(errorClass=condition, messageParameters=params)


def _not_supported(feature: str) -> ParseException:
    return _error(ParseException, "NOT_IMPLEMENTED", feature=f"SQL: {feature}")


def _syntax_error(text: str, token: Token | None, hint: str) -> ParseException:
    """Spark's ``PARSE_SYNTAX_ERROR``: the offending token as written, or ``end of input``."""
    error = "end of input" if token is None else f"'{_source(text, token)}'"
    return ParseException(errorClass="PARSE_SYNTAX_ERROR", messageParameters={"error": error, "hint": hint})


def _head(node: exp.Expr | None) -> str:
    return type(node).__name__.upper() if node is not None else "statement"


# ---------------------------------------------------------------------------
# sqlglot, set up to read Spark SQL the way Spark does

_KEPT_FUNCTION_PARSERS = ("CAST", "TRY_CAST", "EXTRACT", "TRIM", "POSITION", "SUBSTRING", "SUBSTR")
_NAME = "rillet_name"  # meta key: the function name as written, for calls with special syntax
_TYPE_TEXT = "rillet_type_text"  # meta key: a data type's source text
_TYPED_LITERAL = "rillet_typed_literal"  # meta key: DATE '...' (a literal, not a CAST)
_IS_NOT = "rillet_is_not"  # meta key: the NOT of IS NOT NULL / IS NOT TRUE
_KEYWORD_FORM = "rillet_keyword_form"  # meta key: position(a IN b) rather than position(a, b)
_BITWISE_LEVELS = (
    (TokenType.PIPE, exp.BitwiseOr),
    (TokenType.CARET, exp.BitwiseXor),
    (TokenType.AMP, exp.BitwiseAnd),
)


def _remember_name(parse: Callable[[Any], exp.Expr]) -> Callable[[Any], exp.Expr]:
    def wrapped(self: Any) -> exp.Expr:
        name = self._tokens[self._index - 2].text  # the name and "(" are already consumed
        keyword_form = _has_keyword_argument(self._tokens, self._index)
        node = parse(self)
        node.meta[_NAME] = name.lower()
        node.meta[_KEYWORD_FORM] = keyword_form
        return node

    return wrapped


def _has_keyword_argument(tokens: list[Token], start: int) -> bool:
    """Whether a call's arguments use SQL keywords (``position('a' IN s)``) rather than commas."""
    depth = 0
    for tok in tokens[start:]:
        if tok.token_type == TokenType.L_PAREN:
            depth += 1
        elif tok.token_type == TokenType.R_PAREN:
            if depth == 0:
                return False
            depth -= 1
        elif depth == 0 and tok.token_type in (TokenType.IN, TokenType.FROM):
            return True
    return False


def _typed_literal(self: Any, this: exp.Expr, data_type: exp.DataType) -> exp.Expr:
    node = exp.Cast(this=this, to=data_type)
    node.meta[_TYPED_LITERAL] = True
    return node


class _SyntaxError(ParseError):
    def __init__(self, message: str, token: Token | None) -> None:
        super().__init__(message)
        self.description = message
        self.token = token


class _RilletSpark(Spark):
    class Parser(SparkParser):
        STRICT_CAST = True  # CAST is ANSI CAST; TRY_CAST is the lenient one
        FUNCTIONS: ClassVar[dict[str, Callable]] = {}  # every call stays a name + arguments
        FUNCTION_PARSERS = {
            name: _remember_name(SparkParser.FUNCTION_PARSERS[name]) for name in _KEPT_FUNCTION_PARSERS
        }
        TYPE_LITERAL_PARSERS = {
            t: _typed_literal
            for t in (
                exp.DType.DATE,
                exp.DType.TIMESTAMP,
                exp.DType.TIMESTAMPTZ,
                exp.DType.TIMESTAMPLTZ,
                exp.DType.TIMESTAMPNTZ,
            )
        }

        TERM = {**SparkParser.TERM, TokenType.DPIPE: exp.DPipe}  # || binds like + and -
        ARRAY_CONSTRUCTORS: ClassVar[dict[str, type[exp.Func]]] = {}  # array(1, 2)[0] is a subscript

        def _parse_bitwise(self) -> exp.Expr | None:
            return self._parse_bitwise_level(0)

        def _parse_bitwise_level(self, level: int) -> exp.Expr | None:
            """Spark's precedence: ``|`` < ``^`` < ``&`` < shifts < ``+ - ||``."""
            if level == len(_BITWISE_LEVELS):
                return self._parse_shift()
            token_type, klass = _BITWISE_LEVELS[level]
            this = self._parse_bitwise_level(level + 1)
            while self._match(token_type):
                this = self.expression(klass(this=this, expression=self._parse_bitwise_level(level + 1)))
            return this

        def _parse_shift(self) -> exp.Expr | None:
            this = self._parse_term()
            while True:
                if self._match_pair(TokenType.LT, TokenType.LT):
                    this = self.expression(exp.BitwiseLeftShift(this=this, expression=self._parse_term()))
                elif self._match_pair(TokenType.GT, TokenType.GT):
                    this = self.expression(exp.BitwiseRightShift(this=this, expression=self._parse_term()))
                else:
                    return this

        def _parse_is(self, this: exp.Expr | None) -> exp.Expr | None:
            node = super()._parse_is(this)
            if isinstance(node, exp.Not):
                node.meta[_IS_NOT] = True  # a IS NOT NULL, as opposed to NOT (a IS NULL)
            return node

        def raise_error(self, message: str, token: Token | None = None) -> None:
            error = _SyntaxError(message, self._curr or None)  # sqlglot's end is a falsy sentinel
            if self.error_level.name == "IMMEDIATE":
                raise error
            self.errors.append(error)

        def _parse_types(self, *args: Any, **kwargs: Any) -> exp.Expr | None:
            start = self._index
            node = super()._parse_types(*args, **kwargs)
            if isinstance(node, exp.DataType) and self._index > start:
                first, last = self._tokens[start], self._tokens[self._index - 1]
                node.meta[_TYPE_TEXT] = self.sql[first.start : last.end + 1]
            return node


_DIALECT = _RilletSpark()
_QUERY_START = {TokenType.SELECT, TokenType.WITH, TokenType.FROM, TokenType.L_PAREN, TokenType.VALUES}
_STATEMENTS = {
    "ADD", "ALTER", "ANALYZE", "CACHE", "CALL", "CLEAR", "COMMENT", "CREATE", "DECLARE", "DELETE", "DESC",
    "DESCRIBE", "DROP", "EXECUTE", "EXPLAIN", "GRANT", "INSERT", "LIST", "LOAD", "MERGE", "MSCK", "REFRESH",
    "REPAIR", "REPLACE", "RESET", "REVOKE", "SET", "SHOW", "TABLE", "TRUNCATE", "UNCACHE", "UPDATE", "USE",
}
_NEEDS_EXPRESSION = {
    TokenType.SELECT, TokenType.GROUP_BY, TokenType.ORDER_BY, TokenType.WHERE, TokenType.HAVING, TokenType.ON,
}
_NO_EXPRESSION_AFTER = {
    TokenType.FROM, TokenType.WHERE, TokenType.GROUP_BY, TokenType.HAVING, TokenType.ORDER_BY,
    TokenType.LIMIT, TokenType.R_PAREN, TokenType.UNION,
}


def _source(text: str, token: Token) -> str:
    return text[token.start : token.end + 1]


def _first_token(text: str) -> Token | None:
    tokens = _tokenize(text)
    return tokens[0] if tokens else None


def _tokenize(text: str) -> list[Token]:
    tokenizer = _DIALECT.tokenizer_class(dialect=_DIALECT)
    try:
        raw = tokenizer.tokenize(text)
    except TokenError as e:
        start = getattr(e, "start", 0) or 0
        rest = text[start:]
        if "/*" in rest and "*/" not in rest[rest.index("/*") :]:
            raise _error(ParseException, "UNCLOSED_BRACKETED_COMMENT") from None
        m = re.match(r"[xX]'([^']*)'", rest)
        if m:
            raise _error(ParseException, "INVALID_TYPED_LITERAL", valueType='"X"', value=f"'{m.group(1)}'") from None
        quote = next((c for c in rest if c in "'\"`"), rest[:1])
        raise ParseException(
            errorClass="PARSE_SYNTAX_ERROR", messageParameters={"error": f"'{quote}'", "hint": ""}
        ) from None
    return _spark_tokens(text, raw)


def _spark_tokens(text: str, raw: list[Token]) -> list[Token]:
    """Re-read literals from the source with Spark's rules.

    sqlglot turns ``1L`` into ``1::BIGINT`` (indistinguishable from a cast) and reads
    strings with its own escapes; Spark concatenates adjacent string literals.
    """
    out: list[Token] = []
    last_string: Token | None = None
    i = 0
    while i < len(raw):
        tok = raw[i]
        tt = tok.token_type
        if tt == TokenType.NUMBER:
            end = tok.end
            if i + 2 < len(raw) and raw[i + 1].token_type == TokenType.DCOLON and raw[i + 1].start == tok.start:
                i += 2  # the synthetic "::" and type of a suffixed literal such as 1L
            start = tok.start
            if (
                out
                and out[-1].token_type == TokenType.DOT
                and out[-1].end + 1 == start
                and not (len(out) > 1 and out[-2].end + 1 == out[-1].start and out[-2].token_type in _OPERANDS)
            ):
                start = out.pop().start  # ".5"
            out.append(Token(TokenType.NUMBER, text[start : end + 1], tok.line, tok.col, start, end, tok.comments))
        elif tt in (TokenType.STRING, TokenType.RAW_STRING):
            value = tok.text if tt == TokenType.RAW_STRING else _unescape(text[tok.start : tok.end + 1])
            first = tok
            if out and out[-1] is last_string:
                first = out.pop()
                value = first.text + value
            last_string = Token(TokenType.STRING, value, first.line, first.col, first.start, tok.end, first.comments)
            out.append(last_string)
        else:
            out.append(tok)
        i += 1
    return out


_OPERANDS = {TokenType.VAR, TokenType.IDENTIFIER, TokenType.R_PAREN, TokenType.R_BRACKET}
_ESCAPES = {"0": "\u0000", "b": "\b", "n": "\n", "r": "\r", "t": "\t", "Z": "\u001a", "%": "\\%", "_": "\\_"}


def _unescape(raw: str) -> str:
    """Spark's ``unescapeSQLString`` for one quoted token (which may hold ``'a''b'``: two literals)."""
    quote = raw[0]
    out: list[str] = []
    i, n = 1, len(raw)
    while i < n:
        c = raw[i]
        if c == "\\" and i + 1 < n:
            nxt = raw[i + 1]
            if nxt == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", raw[i + 2 : i + 6]):
                out.append(chr(int(raw[i + 2 : i + 6], 16)))
                i += 6
            elif nxt == "U" and re.fullmatch(r"[0-9a-fA-F]{8}", raw[i + 2 : i + 10]):
                out.append(chr(int(raw[i + 2 : i + 10], 16)))
                i += 10
            elif re.fullmatch(r"[0-3][0-7][0-7]", raw[i + 1 : i + 4]):
                out.append(chr(int(raw[i + 1 : i + 4], 8)))
                i += 4
            else:
                out.append(_ESCAPES.get(nxt, nxt))
                i += 2
        elif c == quote:
            if i + 1 < n and raw[i + 1] == quote:
                i += 2  # 'it''s' is the literals 'it' and 's', which Spark concatenates
            else:
                break
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _parse(text: str, query: bool) -> exp.Expr:
    tokens = _tokenize(text)
    while tokens and tokens[-1].token_type == TokenType.SEMICOLON and query:
        tokens.pop()
    if not tokens:
        if query and text.strip():  # only semicolons
            raise _syntax_error(text, _tokenize(text)[0], "")
        raise _error(ParseException, "PARSE_EMPTY_STATEMENT")
    for i, tok in enumerate(tokens):
        if tok.token_type == TokenType.SEMICOLON:
            nxt = tokens[i + 1] if i + 1 < len(tokens) and query else tok
            raise _syntax_error(text, nxt, f": extra input '{_source(text, nxt)}'")
    _check_tokens(text, tokens, query)
    try:
        statements = _DIALECT.parser_class(dialect=_DIALECT).parse(tokens, text)
    except _SyntaxError as e:
        # one token left over after a complete statement is ANTLR's "extra input"
        leftover = e.description.startswith("Invalid expression / Unexpected token")
        hint = f": extra input '{_source(text, e.token)}'" if leftover and e.token is tokens[-1] else ""
        raise _syntax_error(text, e.token, hint) from None
    except ParseError as e:  # raised by sqlglot helpers outside raise_error
        raise _syntax_error(text, tokens[0], "") from e
    node = statements[0] if statements else None
    if node is None:
        raise _error(ParseException, "PARSE_EMPTY_STATEMENT")
    return node


def _check_tokens(text: str, tokens: list[Token], query: bool) -> None:
    """Mistakes sqlglot forgives and Spark does not (``a,, b``, ``SELECT a, FROM t``)."""
    if query and tokens[0].token_type not in _QUERY_START:
        keyword = _source(text, tokens[0]).upper()
        if keyword in _STATEMENTS:
            raise _not_supported(f"the {keyword} statement (only queries are supported)")
        raise _syntax_error(text, tokens[0], "")
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        tt = tok.token_type
        if tt == TokenType.PARAMETER:  # @name is not Spark syntax
            raise _syntax_error(text, tok, "")
        if tt == TokenType.COMMA:
            if nxt is None:
                raise _syntax_error(text, None if query else tok, "" if query else ": extra input ','")
            if nxt.token_type == TokenType.COMMA or nxt.token_type == TokenType.R_PAREN:
                raise _syntax_error(text, nxt, "")
            if nxt.token_type == TokenType.FROM:
                raise _error(AnalysisException, "TRAILING_COMMA_IN_SELECT")
        elif tt in _NEEDS_EXPRESSION and (nxt is None or nxt.token_type in _NO_EXPRESSION_AFTER):
            raise _syntax_error(text, nxt, "")


# ---------------------------------------------------------------------------
# literals


_NUMBER = re.compile(r"(?P<digits>\d+\.?\d*|\.\d+)(?P<exp>[eE][+-]?\d+)?(?P<suffix>BD|[LSYDF])?", re.I)
_INTEGRAL = {"Y": ("tinyint", 8, T.ByteType), "S": ("smallint", 16, T.ShortType), "L": ("bigint", 64, T.LongType)}
_FLOAT_MAX = 3.4028234663852886e38


def _number(text: str, negative: bool) -> Literal:
    m = _NUMBER.fullmatch(text)
    if m is None:
        raise ParseException(
            errorClass="PARSE_SYNTAX_ERROR", messageParameters={"error": f"'{text}'", "hint": ""}
        )
    body = m.group("digits") + (m.group("exp") or "")
    suffix = (m.group("suffix") or "").upper()
    is_integer = "." not in body and not m.group("exp")
    sign = "-" if negative else ""
    if suffix in _INTEGRAL:
        name, bits, cls = _INTEGRAL[suffix]
        low, high = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
        if not is_integer:
            raise ParseException(
                errorClass="PARSE_SYNTAX_ERROR", messageParameters={"error": f"'{text}'", "hint": ""}
            )
        value = int(sign + body)
        if not low <= value <= high:
            raise _error(ParseException, "INVALID_NUMERIC_LITERAL_RANGE", rawStrippedQualifier=sign + body,
                   minValue=str(low), maxValue=str(high), typeName=name)
        return Literal(value, cls())
    if suffix in ("D", "F"):
        value_f = float(sign + body)
        limit, name = (_FLOAT_MAX, "float") if suffix == "F" else (1.7976931348623157e308, "double")
        if abs(value_f) > limit:
            raise _error(ParseException, "INVALID_NUMERIC_LITERAL_RANGE", rawStrippedQualifier=sign + body,
                   minValue=f"-{_java_exp(limit)}", maxValue=_java_exp(limit), typeName=name)
        return Literal(value_f, T.FloatType() if suffix == "F" else T.DoubleType())
    if suffix == "BD":
        return _decimal(decimal.Decimal(sign + body))
    if m.group("exp"):
        return Literal(float(sign + body), T.DoubleType())
    if is_integer:
        value = int(sign + body)
        if -(2**31) <= value < 2**31:
            return Literal(value, T.IntegerType())
        if -(2**63) <= value < 2**63:
            return Literal(value, T.LongType())
    return _decimal(decimal.Decimal(sign + body))


def _java_exp(x: float) -> str:
    mantissa, _, exponent = f"{x:.16E}".partition("E")
    return f"{mantissa.rstrip('0')}E+{int(exponent):02d}"


def _decimal(value: decimal.Decimal) -> Literal:
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        value = value.quantize(decimal.Decimal(1))  # 1.5e3BD is 1500, DECIMAL(4,0)
    _sign, digits, exponent = value.as_tuple()
    scale = max(0, -int(exponent))
    precision = max(len(digits), scale, 1)
    if precision > 38:
        raise _error(ArithmeticException, "DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION",
               precision=str(precision), maxPrecision="38")
    return Literal(value, T.DecimalType(precision, scale))


_DATE = re.compile(r"\s*([+-]?\d{4,})(?:-(\d{1,2})(?:-(\d{1,2})(?:[ T].*)?)?)?\s*", re.S)
_TIMESTAMP = re.compile(
    r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?"
    r"(?:[ T](\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:\.(\d*))?)?)?)?"
    r"\s*(Z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?|[A-Za-z_]+/[A-Za-z_]+)?\s*"
)


def _typed(value: str, type_name: str) -> Literal:
    try:
        if type_name == "DATE":
            m = _DATE.fullmatch(value)
            if m is None:
                raise ValueError(value)
            return Literal(_dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)), T.DateType())
        m = _TIMESTAMP.fullmatch(value)
        if m is None:
            raise ValueError(value)
        year, month, day, hour, minute, second = (int(g or d) for g, d in zip(m.groups()[:6], (0, 1, 1, 0, 0, 0)))
        micros = int((m.group(7) or "").ljust(6, "0")[:6] or 0)
        ts = _dt.datetime(year, month, day, hour, minute, second, micros)
        if type_name == "TIMESTAMP_NTZ":
            return Literal(ts, T.TimestampNTZType())
        zone = m.group(8)
        if zone:
            ts = ts.replace(tzinfo=_zone(zone))
        return Literal(ts, T.TimestampType())
    except (ValueError, KeyError):
        raise _error(ParseException, "INVALID_TYPED_LITERAL", valueType=f'"{type_name}"', value=f"'{value}'") from None


def _zone(zone: str) -> _dt.tzinfo:
    if zone in ("Z", "UTC", "GMT"):
        return _dt.timezone.utc
    m = re.fullmatch(r"([+-])(\d{1,2}):?(\d{2})?", zone)
    if m:
        delta = _dt.timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0))
        return _dt.timezone(-delta if m.group(1) == "-" else delta)
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(zone)
    except ZoneInfoNotFoundError:
        raise KeyError(zone) from None


_DAY, _HOUR, _MINUTE, _SECOND = 0, 1, 2, 3
_INTERVAL_UNITS = {
    "WEEK": (_DAY, _dt.timedelta(weeks=1)),
    "DAY": (_DAY, _dt.timedelta(days=1)),
    "HOUR": (_HOUR, _dt.timedelta(hours=1)),
    "MINUTE": (_MINUTE, _dt.timedelta(minutes=1)),
    "SECOND": (_SECOND, _dt.timedelta(seconds=1)),
    "MILLISECOND": (_SECOND, _dt.timedelta(milliseconds=1)),
    "MICROSECOND": (_SECOND, _dt.timedelta(microseconds=1)),
}


def _interval(node: exp.Interval) -> Literal:
    """A day-time interval literal: ``INTERVAL 1 HOUR``, ``INTERVAL '1 02:03:04' DAY TO SECOND``."""
    value = node.this.name if node.this is not None else ""
    unit = node.args.get("unit")
    if isinstance(unit, exp.IntervalSpan):
        start, end = unit.this.name.upper(), unit.expression.name.upper()
        return _interval_span(node, value, start, end)
    if unit is None:
        parts = value.split()
        if len(parts) % 2:
            raise _not_supported(f"the interval literal {node.sql('spark')}")
        total, fields = _dt.timedelta(), []
        for amount, name in zip(parts[::2], parts[1::2]):
            field, delta = _interval_unit(node, name)
            total += delta * float(amount)
            fields.append(field)
        return Literal(total, T.DayTimeIntervalType(min(fields), max(fields)))
    field, delta = _interval_unit(node, unit.name)
    try:
        amount = decimal.Decimal(value.strip())
    except decimal.InvalidOperation:
        raise _error(ParseException, "INVALID_TYPED_LITERAL", valueType=f'"INTERVAL {unit.name.upper()}"',
               value=f"'{value}'") from None
    micros = int(amount * (delta // _dt.timedelta(microseconds=1)))
    return Literal(_dt.timedelta(microseconds=micros), T.DayTimeIntervalType(field, field))


def _interval_unit(node: exp.Expr, name: str) -> tuple[int, _dt.timedelta]:
    unit = name.upper()
    unit = unit[:-1] if unit.endswith("S") and unit[:-1] in _INTERVAL_UNITS else unit
    if unit not in _INTERVAL_UNITS:
        raise _not_supported(f"year-month and other non day-time interval literals ({node.sql('spark')})")
    return _INTERVAL_UNITS[unit]


def _interval_span(node: exp.Expr, value: str, start: str, end: str) -> Literal:
    names = ["DAY", "HOUR", "MINUTE", "SECOND"]
    if start not in names or end not in names or names.index(start) > names.index(end):
        raise _not_supported(f"the interval literal {node.sql('spark')}")
    m = re.fullmatch(r"\s*([+-])?(\d+)(?:[ :](\d+))?(?::(\d+))?(?::(\d+))?(?:\.(\d+))?\s*", value)
    fields = names[names.index(start) : names.index(end) + 1]
    numbers = [g for g in (m.groups()[1:5] if m else ()) if g is not None]
    if m is None or len(numbers) != len(fields) or (m.group(6) and end != "SECOND"):
        raise _error(ParseException, "INVALID_TYPED_LITERAL", valueType=f'"INTERVAL {start} TO {end}"',
               value=f"'{value}'")
    total = sum((_INTERVAL_UNITS[f][1] * int(n) for f, n in zip(fields, numbers)), _dt.timedelta())
    total += _dt.timedelta(microseconds=int((m.group(6) or "").ljust(6, "0")[:6] or 0))
    if m.group(1) == "-":
        total = -total
    return Literal(total, T.DayTimeIntervalType(names.index(start), names.index(end)))


def _hex(node: exp.HexString) -> Literal:
    digits = node.this
    if len(digits) % 2:
        digits = "0" + digits
    return Literal(bytes.fromhex(digits), T.BinaryType())


# ---------------------------------------------------------------------------
# expressions

_BINARY: dict[type[exp.Expr], str] = {
    exp.Add: "add",
    exp.Sub: "subtract",
    exp.Mul: "multiply",
    exp.Div: "divide",
    exp.IntDiv: "div",
    exp.Mod: "remainder",
    exp.EQ: "eq",
    exp.NullSafeEQ: "eq_null_safe",
    exp.LT: "lt",
    exp.LTE: "le",
    exp.GT: "gt",
    exp.GTE: "ge",
    exp.And: "and",
    exp.Or: "or",
    exp.BitwiseAnd: "bitwise_and",
    exp.BitwiseOr: "bitwise_or",
    exp.BitwiseXor: "bitwise_xor",
}
_NEGATED_BINARY: dict[type[exp.Expr], str] = {exp.NEQ: "eq", exp.NullSafeNEQ: "eq_null_safe"}
_NO_PAREN_CALLS: dict[type[exp.Expr], str] = {
    exp.CurrentDate: "current_date",
    exp.CurrentTimestamp: "current_timestamp",
    exp.CurrentUser: "current_user",
    exp.SessionUser: "session_user",
}
_PATTERN_CALLS: dict[type[exp.Expr], str] = {exp.Like: "like", exp.ILike: "ilike", exp.RegexpLike: "rlike"}

_UNSUPPORTED: dict[type[exp.Expr], str] = {
    exp.Window: "window functions (OVER ...)",
    exp.Filter: "FILTER (WHERE ...) on an aggregate function",
    exp.Lambda: "lambda functions (x -> ...)",
    exp.JSONExtract: "lambda functions (x -> ...)",
    exp.Subquery: "subqueries in expressions",
    exp.Select: "subqueries in expressions",
    exp.Exists: "EXISTS subqueries",
    exp.Placeholder: "parameter markers",
    exp.Parameter: "parameter markers",
    exp.Tuple: "row value constructors ((a, b))",
    exp.Any: "LIKE ANY / ALL",
    exp.All: "LIKE ANY / ALL",
    exp.Rollup: "GROUP BY ROLLUP",
    exp.Cube: "GROUP BY CUBE",
    exp.GroupingSets: "GROUP BY GROUPING SETS",
}


def _expr(node: exp.Expr) -> Expression:
    binary = _BINARY.get(type(node))
    if binary is not None:
        left, right = _expr(node.this), _expr(node.expression)
        if binary == "add" and _is_interval(left) and _is_interval(right):
            return _add_intervals(left, right)  # type: ignore[arg-type]
        return BinaryOperator(binary, left, right)
    negated = _NEGATED_BINARY.get(type(node))
    if negated is not None:
        return Not(BinaryOperator(negated, _expr(node.this), _expr(node.expression)))
    name = _NO_PAREN_CALLS.get(type(node))
    if name is not None and not node.args.get("this"):
        return UnresolvedFunction(name, ())
    return _translate(node)


@singledispatch
def _translate(node: exp.Expr) -> Expression:
    if node.find(exp.Lambda):
        raise _not_supported(_UNSUPPORTED[exp.Lambda])
    for cls, feature in _UNSUPPORTED.items():
        if isinstance(node, cls):
            raise _not_supported(feature)
    raise _not_supported(f"the expression {node.sql('spark')!r} ({type(node).__name__})")


@_translate.register
def _(node: exp.Paren) -> Expression:
    return _expr(node.this)


@_translate.register
def _(node: exp.Column) -> Expression:
    parts = [p.name for p in (node.args.get(k) for k in ("catalog", "db", "table")) if p is not None]
    if isinstance(node.this, exp.Star):
        return UnresolvedStar(tuple(parts) or None)
    return UnresolvedAttribute((*parts, node.this.name))


@_translate.register
def _(node: exp.Star) -> Expression:
    return UnresolvedStar(None)


@_translate.register
def _(node: exp.Dot) -> Expression:
    base = _expr(node.this)
    if isinstance(node.expression, exp.Star):
        if isinstance(base, UnresolvedAttribute):
            return UnresolvedStar(base.name_parts)
        raise _not_supported(f"expanding {node.sql('spark')}")
    if isinstance(base, UnresolvedAttribute):
        return UnresolvedAttribute((*base.name_parts, node.expression.name))
    return GetField(base, node.expression.name)


@_translate.register
def _(node: exp.Bracket) -> Expression:
    keys = node.expressions
    if len(keys) != 1:
        raise _not_supported(f"the subscript {node.sql('spark')}")
    return GetItem(_expr(node.this), _expr(keys[0]))


@_translate.register
def _(node: exp.Alias) -> Expression:
    return Alias(_expr(node.this), node.alias)


@_translate.register
def _(node: exp.Aliases) -> Expression:
    return MultiAlias(_expr(node.this), tuple(e.name for e in node.expressions))


@_translate.register
def _(node: exp.Literal) -> Expression:
    if node.is_string:
        return Literal(node.this, T.StringType())
    return _number(node.this, negative=False)


@_translate.register
def _(node: exp.Boolean) -> Expression:
    return Literal(bool(node.this), T.BooleanType())


@_translate.register
def _(node: exp.Null) -> Expression:
    return Literal(None, T.NullType())


@_translate.register
def _(node: exp.HexString) -> Expression:
    return _hex(node)


@_translate.register
def _(node: exp.Interval) -> Expression:
    return _interval(node)


@_translate.register
def _(node: exp.Neg) -> Expression:
    inner = node.this
    if isinstance(inner, exp.Literal) and not inner.is_string:
        return _number(inner.this, negative=True)  # -1 is the literal -1, as in Spark's grammar
    return Negate(_expr(inner))


@_translate.register
def _(node: exp.BitwiseNot) -> Expression:
    return BitwiseNot(_expr(node.this))


@_translate.register
def _(node: exp.Not) -> Expression:
    inner = node.this
    if node.meta.get(_IS_NOT) and isinstance(inner, exp.Is) and isinstance(inner.expression, exp.Null):
        return IsNull(_expr(inner.this), negated=True)
    return Not(_expr(inner))


@_translate.register
def _(node: exp.Is) -> Expression:
    target = node.expression
    if isinstance(target, exp.Null):
        return IsNull(_expr(node.this))
    if isinstance(target, exp.Boolean):  # a IS TRUE is a <=> true
        return BinaryOperator("eq_null_safe", _expr(node.this), Literal(bool(target.this), T.BooleanType()))
    raise _not_supported(f"the predicate {node.sql('spark')}")


@_translate.register
def _(node: exp.In) -> Expression:
    if node.args.get("query") is not None:
        raise _not_supported("IN (subquery)")
    if node.args.get("unnest") is not None or node.args.get("field") is not None:
        raise _not_supported(f"the predicate {node.sql('spark')}")
    return In(_expr(node.this), tuple(_expr(v) for v in node.expressions))


@_translate.register
def _(node: exp.Between) -> Expression:
    value = _expr(node.this)
    return BinaryOperator(
        "and",
        BinaryOperator("ge", value, _expr(node.args["low"])),
        BinaryOperator("le", value, _expr(node.args["high"])),
    )


def _pattern(node: exp.Expr, escape: exp.Expr | None = None) -> Expression:
    name = _PATTERN_CALLS[type(node)]
    if isinstance(node.expression, (exp.Any, exp.All)):
        raise _not_supported(_UNSUPPORTED[exp.Any])
    args = [_expr(node.this), _expr(node.expression)]
    if escape is not None:
        args.append(_expr(escape))
    call: Expression = UnresolvedFunction(name, tuple(args))
    return Not(call) if node.args.get("negate") else call


for _cls in _PATTERN_CALLS:
    _translate.register(_cls, lambda node: _pattern(node))


@_translate.register
def _(node: exp.Escape) -> Expression:
    if type(node.this) not in _PATTERN_CALLS:
        raise _not_supported(f"ESCAPE in {node.sql('spark')}")
    return _pattern(node.this, node.expression)


@_translate.register
def _(node: exp.BitwiseLeftShift) -> Expression:
    return UnresolvedFunction("shiftleft", (_expr(node.this), _expr(node.expression)))


@_translate.register
def _(node: exp.BitwiseRightShift) -> Expression:
    return UnresolvedFunction("shiftright", (_expr(node.this), _expr(node.expression)))


@_translate.register
def _(node: exp.DPipe) -> Expression:
    return UnresolvedFunction("concat", (_expr(node.this), _expr(node.expression)))


@_translate.register
def _(node: exp.Case) -> Expression:
    operand = _expr(node.this) if node.this is not None else None
    branches = []
    for branch in node.args.get("ifs") or []:
        cond = _expr(branch.this)
        if operand is not None:
            cond = BinaryOperator("eq", operand, cond)
        branches.append((cond, _expr(branch.args["true"])))
    default = node.args.get("default")
    return CaseWhen(tuple(branches), _expr(default) if default is not None else None)


@_translate.register
def _(node: exp.If) -> Expression:
    args = [node.this, node.args.get("true"), node.args.get("false")]
    return UnresolvedFunction("if", tuple(_expr(a) for a in args if a is not None))


@_translate.register
def _(node: exp.Cast) -> Expression:
    if node.meta.get(_TYPED_LITERAL):
        value = node.this
        kind = node.to.this
        type_name = "DATE" if kind == exp.DType.DATE else (
            "TIMESTAMP_NTZ" if kind == exp.DType.TIMESTAMPNTZ else "TIMESTAMP"
        )
        if not (isinstance(value, exp.Literal) and value.is_string):
            raise _not_supported(f"the typed literal {node.sql('spark')}")
        return _typed(value.this, type_name)
    return Cast(_expr(node.this), _data_type(node.to), try_=isinstance(node, exp.TryCast))


def _data_type(node: exp.DataType) -> T.DataType:
    text = node.meta.get(_TYPE_TEXT) or node.sql("spark")
    dt = T._parse_datatype_string(text)
    if isinstance(dt, (T.CharType, T.VarcharType)):
        return T.StringType()  # Spark casts to CHAR(n)/VARCHAR(n) as to STRING
    return dt


@_translate.register
def _(node: exp.Anonymous) -> Expression:
    return _call(str(node.name).lower(), node.expressions)


def _call(name: str, raw_args: list[exp.Expr], ignore_nulls: bool | None = None) -> Expression:
    distinct = False
    args: list[Expression] = []
    for a in raw_args:
        if isinstance(a, exp.Distinct):
            distinct = True
            args.extend(_expr(x) for x in a.expressions)
        elif isinstance(a, (exp.IgnoreNulls, exp.RespectNulls)):
            ignore_nulls = isinstance(a, exp.IgnoreNulls)
            args.append(_expr(a.this))
        elif isinstance(a, (exp.PropertyEQ, exp.Kwarg)):
            raise _not_supported("named function arguments (name => value)")
        else:
            args.append(_expr(a))
    return UnresolvedFunction(name, tuple(args), distinct, ignore_nulls)


@_translate.register
def _(node: exp.IgnoreNulls) -> Expression:
    return _with_nulls(node, True)


@_translate.register
def _(node: exp.RespectNulls) -> Expression:
    return _with_nulls(node, False)


def _with_nulls(node: exp.Expr, ignore: bool) -> Expression:
    call = node.this
    if not isinstance(call, exp.Anonymous):
        raise _not_supported(f"IGNORE/RESPECT NULLS after {call.sql('spark')}")
    return _call(str(call.name).lower(), call.expressions, ignore)


@_translate.register
def _(node: exp.Extract) -> Expression:
    return UnresolvedFunction("extract", (Literal(node.this.name.upper(), T.StringType()), _expr(node.expression)))


@_translate.register
def _(node: exp.Trim) -> Expression:
    position = (node.args.get("position") or "BOTH").upper()
    chars = node.expression
    if node.args.get("collation") is not None:
        raise _not_supported("TRIM ... COLLATE")
    name = {"BOTH": "trim", "LEADING": "ltrim", "TRAILING": "rtrim"}[position]
    if chars is None:
        return UnresolvedFunction(name, (_expr(node.this),))
    return UnresolvedFunction(name, (_expr(node.this), _expr(chars)))


@_translate.register
def _(node: exp.StrPosition) -> Expression:
    args = [_expr(node.args["substr"]), _expr(node.this)]
    if node.args.get("position") is not None:
        args.append(_expr(node.args["position"]))
    # Spark reads position(a IN s) as locate(a, s) and position(a, s) as itself
    return UnresolvedFunction("locate" if node.meta.get(_KEYWORD_FORM) else "position", tuple(args))


@_translate.register
def _(node: exp.Transform) -> Expression:
    return UnresolvedFunction("transform", (_expr(node.this), _expr(node.expression)))


@_translate.register
def _(node: exp.Any) -> Expression:
    if isinstance(node.this, (exp.Tuple, exp.Query)):
        raise _not_supported(_UNSUPPORTED[exp.Any])
    return UnresolvedFunction("any", (_expr(node.this),))  # the aggregate any(x)


@_translate.register
def _(node: exp.Substring) -> Expression:
    args = [node.this, node.args.get("start"), node.args.get("length")]
    name = node.meta.get(_NAME, "substring")
    return UnresolvedFunction(name, tuple(_expr(a) for a in args if a is not None))


def _is_interval(e: Expression) -> bool:
    return isinstance(e, Literal) and isinstance(e.dtype, T.DayTimeIntervalType)


def _add_intervals(left: Literal, right: Literal) -> Literal:
    """``INTERVAL 1 DAY 2 HOURS`` (read by sqlglot as a sum) is one ``DAY TO HOUR`` literal."""
    lt, rt = left.dtype, right.dtype
    assert isinstance(lt, T.DayTimeIntervalType) and isinstance(rt, T.DayTimeIntervalType)
    dtype = T.DayTimeIntervalType(min(lt.startField, rt.startField), max(lt.endField, rt.endField))
    return Literal(left.value + right.value, dtype)


# ---------------------------------------------------------------------------
# queries

_Ctes = dict[str, L.LogicalPlan]

_SELECT_ARGS = {"with_", "expressions", "hint", "distinct", "from_", "joins", "where", "group", "having",
                "order", "limit", "offset"}
_SET_OP_ARGS = {"with_", "this", "expression", "distinct", "order", "limit", "offset", "by_name"}
_CLAUSES = {
    "laterals": "LATERAL VIEW",
    "windows": "WINDOW clauses",
    "qualify": "QUALIFY",
    "sort": "SORT BY",
    "cluster": "CLUSTER BY",
    "distribute": "DISTRIBUTE BY",
    "pivots": "PIVOT / UNPIVOT",
    "sample": "TABLESAMPLE",
    "into": "SELECT ... INTO",
    "match": "MATCH_RECOGNIZE",
    "connect": "CONNECT BY",
    "prewhere": "PREWHERE",
    "settings": "SETTINGS",
    "locks": "FOR UPDATE",
    "operation_modifiers": "query modifiers",
    "exclude": "SELECT * EXCEPT",
    "options": "OPTIONS",
    "format": "FORMAT",
    "for_": "FOR",
    "side": "outer set operations",
    "kind": "SELECT AS STRUCT / VALUE",
    "on": "set operations ON",
}


def _check_args(node: exp.Expr, allowed: set[str]) -> None:
    for key, value in node.args.items():
        if key in allowed or value is None or value is False or value == []:
            continue
        raise _not_supported(_CLAUSES.get(key, key.rstrip("_").upper()))


def _query(node: exp.Expr, ctes: _Ctes) -> L.LogicalPlan:
    with_ = node.args.get("with_")
    if with_ is not None:
        ctes = _with(with_, ctes)
    if isinstance(node, exp.Select):
        return _select(node, ctes)
    if isinstance(node, exp.Union):
        return _union(node, ctes)
    if isinstance(node, exp.Subquery):
        if node.args.get("alias") is not None:
            raise _not_supported("an alias on a parenthesized top-level query")
        plan = _query(node.this, ctes)
        return _modifiers(node, plan)
    if isinstance(node, (exp.Intersect, exp.Except)):
        raise _not_supported(f"{type(node).__name__.upper()} (set operation)")
    if isinstance(node, exp.Values):
        return _values(node)
    raise _not_supported(f"the query {type(node).__name__}")


def _values(node: exp.Values) -> L.LogicalPlan:
    """``VALUES (1, 'a'), (2, 'b') [AS v(x, y)]``: one projection of the one-row relation per
    row, unioned, so the analyzer widens the column types across rows as Spark does."""
    alias = node.args.get("alias")
    names = [c.name for c in alias.args.get("columns") or []] if alias is not None else []
    rows: list[L.LogicalPlan] = []
    width = None
    for row in node.expressions:
        values = [_expr(v) for v in (row.expressions if isinstance(row, exp.Tuple) else [row])]
        width = len(values) if width is None else width
        if len(values) != width:
            raise AnalysisException(
                "[INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH] Invalid inline table. Inline table "
                f"expected {width} columns but found {len(values)} columns in row {len(rows)}. SQLSTATE: 42000",
                errorClass="INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH",
            )
        if names and len(names) != width:
            raise _error(AnalysisException, "ASSIGNMENT_ARITY_MISMATCH", numTarget=str(len(names)), numExpr=str(width))
        columns = names or [f"col{i + 1}" for i in range(width)]
        rows.append(L.Project(_one_row(), tuple(Alias(v, n) for v, n in zip(values, columns))))
    plan = rows[0] if len(rows) == 1 else L.Union(tuple(rows))
    return L.SubqueryAlias(plan, alias.name) if alias is not None and alias.name else plan


def _one_row() -> L.LogicalPlan:
    """The input of a query without FROM (``SELECT 1``): one row, no columns."""
    return L.LocalRelation((), pa.table({"_": [0]}).drop(["_"]))


def _with(node: exp.With, ctes: _Ctes) -> _Ctes:
    if node.args.get("recursive"):
        raise _not_supported("WITH RECURSIVE")
    ctes = dict(ctes)
    for cte in node.expressions:
        alias = cte.args.get("alias")
        if alias is not None and alias.args.get("columns"):
            raise _not_supported("column lists on a common table expression (WITH c(x) AS ...)")
        name = cte.alias
        ctes[name.lower()] = L.SubqueryAlias(_query(cte.this, ctes), name)
    return ctes


def _union(node: exp.Union, ctes: _Ctes) -> L.LogicalPlan:
    _check_args(node, _SET_OP_ARGS)
    if node.args.get("by_name"):
        raise _not_supported("UNION BY NAME")
    distinct = bool(node.args.get("distinct"))
    inputs: list[L.LogicalPlan] = []
    for side in (node.this, node.expression):
        if isinstance(side, exp.Select) and _has_modifiers(side, ("order", "limit", "offset")):
            # ORDER BY / LIMIT belong to the whole set operation unless the operand is parenthesized
            raise ParseException(
                errorClass="PARSE_SYNTAX_ERROR", messageParameters={"error": "'UNION'", "hint": ""}
            )
        # a UNION ALL b UNION ALL c is one Union of three
        if isinstance(side, exp.Union) and bool(side.args.get("distinct")) == distinct and not _has_modifiers(side):
            flat = _union(side, ctes)
            inputs.extend(flat.child.inputs if isinstance(flat, L.Distinct) else flat.inputs)  # type: ignore[attr-defined]
        else:
            inputs.append(_query(side, ctes))
    plan: L.LogicalPlan = L.Union(tuple(inputs))
    if distinct:
        plan = L.Distinct(plan)
    return _modifiers(node, plan)


def _has_modifiers(node: exp.Expr, keys: tuple[str, ...] = ("order", "limit", "offset", "with_")) -> bool:
    return any(node.args.get(k) for k in keys)


def _modifiers(node: exp.Expr, plan: L.LogicalPlan) -> L.LogicalPlan:
    """ORDER BY / LIMIT / OFFSET over a finished query (a set operation or parenthesized query)."""
    order = node.args.get("order")
    if order is not None:
        plan = L.Sort(plan, tuple(_sort_order(o, _order_key(o.this)) for o in order.expressions))
    return _limit(node, plan)


def _limit(node: exp.Expr, plan: L.LogicalPlan) -> L.LogicalPlan:
    limit, offset = node.args.get("limit"), node.args.get("offset")
    if limit is None and offset is None:
        return plan
    n = _int_clause(limit, "LIMIT") if limit is not None and not _is_all(limit.expression) else None
    skip = _int_clause(offset, "OFFSET") if offset is not None else 0
    return L.Limit(plan, n if n is not None else 2**63 - 1, skip)


def _is_all(node: exp.Expr | None) -> bool:
    return isinstance(node, exp.Var) and node.name.upper() == "ALL"


def _int_clause(node: exp.Expr, clause: str) -> int:
    value = node.expression if node.expression is not None else node.this
    e = _expr(value) if value is not None else None
    if not (isinstance(e, Literal) and isinstance(e.value, int) and not isinstance(e.value, bool)):
        raise _not_supported(f"a {clause} that is not an integer literal")
    if e.value < 0:
        raise AnalysisException(
            f"[INVALID_{clause}_LIKE_EXPRESSION.IS_NEGATIVE] The {clause.lower()} like expression "
            f"\"{e.value}\" is invalid. The {clause.lower()} expression must be equal to or greater "
            f"than 0, but got {e.value}. SQLSTATE: 42K0E",
            errorClass=f"INVALID_{clause}_LIKE_EXPRESSION.IS_NEGATIVE",
        )
    return int(e.value)


def _sort_order(node: exp.Ordered, key: Expression) -> SortOrder:
    ascending = not node.args.get("desc")
    nulls_first = bool(node.args.get("nulls_first"))
    return SortOrder(key, ascending, None if nulls_first == ascending else nulls_first)


def _order_key(node: exp.Expr) -> Expression:
    """An ORDER BY / GROUP BY key; a bare integer is a position (Spark's ordinal)."""
    if _is_all(node):
        raise _not_supported("ORDER BY ALL")
    if isinstance(node, exp.Literal) and not node.is_string and node.this.isdigit():
        return UnresolvedOrdinal(int(node.this))
    return _expr(node)


# -- FROM ---------------------------------------------------------------------


def _from(node: exp.Select, ctes: _Ctes) -> L.LogicalPlan:
    source = node.args.get("from_")
    if source is None:
        if node.args.get("joins"):
            raise _not_supported("JOIN without FROM")
        return _one_row()
    plan = _relation(source.this, ctes)
    for join in node.args.get("joins") or []:
        plan = _join(plan, join, ctes)
    return plan


def _relation(node: exp.Expr, ctes: _Ctes) -> L.LogicalPlan:
    alias_node = node.args.get("alias")
    if alias_node is not None and alias_node.args.get("columns") and not isinstance(node, exp.Values):
        raise _not_supported("column aliases on a relation (AS x(a, b))")
    alias = alias_node.name if alias_node is not None else None
    for key in ("pivots", "laterals", "joins", "sample", "when", "version"):
        if node.args.get(key):
            raise _not_supported(_CLAUSES.get(key, key.upper()))
    plan: L.LogicalPlan
    if isinstance(node, exp.Table):
        if isinstance(node.this, exp.Func):
            plan = _table_function(node.this)
        else:
            parts = [p.name for p in (node.args.get(k) for k in ("catalog", "db")) if p is not None]
            name = ".".join((*parts, node.name))
            cte = ctes.get(name.lower()) if not parts else None
            plan = cte if cte is not None else L.UnresolvedRelation(name)
    elif isinstance(node, exp.Subquery):
        plan = _query(node.this, ctes)
        plan = _modifiers(node, plan)
    elif isinstance(node, exp.Values):
        return _values(node)
    else:
        raise _not_supported(f"the relation {node.sql('spark')}")
    return L.SubqueryAlias(plan, alias) if alias else plan


def _table_function(node: exp.Expr) -> L.LogicalPlan:
    name = str(node.name).lower()
    args = [_expr(a) for a in node.expressions]
    values = [a.value for a in args if isinstance(a, Literal) and isinstance(a.value, int)]
    if name == "range" and len(values) == len(args) and 1 <= len(args) <= 3:
        start, end, step = (0, values[0], 1) if len(values) == 1 else (values[0], values[1], 1)
        if len(values) == 3:
            step = values[2]
        return L.Range(start, end, step)
    raise _not_supported(f"the table-valued function {name}(...)")


_JOIN_KINDS = {"": "inner", "INNER": "inner", "CROSS": "cross"}


def _join(left: L.LogicalPlan, node: exp.Join, ctes: _Ctes) -> L.LogicalPlan:
    if node.args.get("method"):
        raise _not_supported(f"{node.args['method'].upper()} JOIN")
    side = (node.args.get("side") or "").upper()
    kind = (node.args.get("kind") or "").upper()
    if kind in ("SEMI", "ANTI"):
        if side not in ("", "LEFT"):
            raise _not_supported(f"{side} {kind} JOIN")
        how = kind.lower()
    elif side:
        how = {"LEFT": "left", "RIGHT": "right", "FULL": "full"}[side]
    elif kind in _JOIN_KINDS:
        how = _JOIN_KINDS[kind]
    else:
        raise _not_supported(f"{kind} JOIN")
    right = _relation(node.this, ctes)
    using = node.args.get("using")
    on = node.args.get("on")
    if using:
        return L.Join(left, right, how, None, tuple(u.name for u in using))
    return L.Join(left, right, how, _expr(on) if on is not None else None)


# -- SELECT -------------------------------------------------------------------


def _select(node: exp.Select, ctes: _Ctes) -> L.LogicalPlan:
    _check_args(node, _SELECT_ARGS)
    distinct_node = node.args.get("distinct")
    if distinct_node is not None and distinct_node.args.get("on") is not None:
        raise _not_supported("DISTINCT ON")
    plan = _from(node, ctes)
    where = node.args.get("where")
    if where is not None:
        plan = L.Filter(plan, _expr(where.this))
    items = tuple(_expr(e) for e in node.expressions)
    order = node.args.get("order")
    orders = [(o, _order_key(o.this)) for o in order.expressions] if order is not None else []
    if not any(isinstance(i, UnresolvedStar) for i in items):
        for _, key in orders:
            if isinstance(key, UnresolvedOrdinal) and not 1 <= key.position <= len(items):
                raise _error(AnalysisException, "ORDER_BY_POS_OUT_OF_RANGE", index=str(key.position),
                             size=str(len(items)))
    group, having = node.args.get("group"), node.args.get("having")
    if group is not None or having is not None or any(_has_aggregate(e) for e in (*items, *(k for _, k in orders))):
        plan = _aggregate_query(plan, node, items, orders, distinct_node is not None)
    else:
        plan = _project_query(plan, items, orders, distinct_node is not None)
    return _limit(node, plan)


def _project_query(
    child: L.LogicalPlan, items: tuple[Expression, ...], orders: list[tuple[exp.Ordered, Expression]], distinct: bool
) -> L.LogicalPlan:
    """Project, with ORDER BY below it when the sort can be computed from the input.

    Spark resolves ORDER BY names against the select list first and the input
    second, so ``SELECT a AS x FROM t ORDER BY b`` sorts by an input column the
    result does not have. Sorting below the projection (with select aliases replaced
    by their expressions) gives the same rows in the same order.
    """
    if not orders:
        plan: L.LogicalPlan = L.Project(child, items)
        return L.Distinct(plan) if distinct else plan
    aliases = _aliases(items)
    below = not distinct and all(
        _computable_below(key, items, aliases) for _, key in orders
    )
    if below:
        sort = L.Sort(child, tuple(_sort_order(o, _inline(key, items, aliases)) for o, key in orders))
        return L.Project(sort, items)
    plan = L.Project(child, items)
    if distinct:
        plan = L.Distinct(plan)
    return L.Sort(plan, tuple(_sort_order(o, _on_output(key, items)) for o, key in orders))


def _aliases(items: tuple[Expression, ...]) -> dict[str, int]:
    """Select-list alias (lower-cased) -> index of its first occurrence."""
    out: dict[str, int] = {}
    for i, item in enumerate(items):
        if isinstance(item, Alias):
            out.setdefault(item.name.lower(), i)
    return out


def _alias_ref(e: Expression, aliases: dict[str, int]) -> int | None:
    if isinstance(e, UnresolvedAttribute) and len(e.name_parts) == 1 and e.plan_id is None:
        return aliases.get(e.name_parts[0].lower())
    return None


def _has_star_before(items: tuple[Expression, ...], index: int) -> bool:
    return any(isinstance(i, UnresolvedStar) for i in items[: index + 1])


def _computable_below(key: Expression, items: tuple[Expression, ...], aliases: dict[str, int]) -> bool:
    if isinstance(key, UnresolvedOrdinal):
        index = key.position - 1
        if not 0 <= index < len(items) or _has_star_before(items, index):
            return False  # resolved (or rejected) against the projection's output
        return _recomputable(strip_alias(items[index]))
    for e in key.walk():
        ref = _alias_ref(e, aliases)
        if ref is not None and not _recomputable(strip_alias(items[ref])):
            return False
    return True


def _recomputable(e: Expression) -> bool:
    """Whether evaluating ``e`` again below the projection gives the same values."""
    for x in e.walk():
        if isinstance(x, UnresolvedFunction):
            spec = registry.FUNCTIONS.get(x.name)
            if spec is None or spec.kind != "scalar" or not spec.deterministic:
                return False
        elif isinstance(x, (UnresolvedStar, MultiAlias)):
            return False
    return True


def _inline(key: Expression, items: tuple[Expression, ...], aliases: dict[str, int]) -> Expression:
    if isinstance(key, UnresolvedOrdinal):
        return strip_alias(items[key.position - 1])

    def substitute(e: Expression) -> Expression:
        index = _alias_ref(e, aliases)
        if index is not None:
            return strip_alias(items[index])
        return e.map_children(substitute)

    return substitute(key)


def _on_output(key: Expression, items: tuple[Expression, ...]) -> Expression:
    """An ORDER BY key evaluated over the select list's output."""
    if isinstance(key, UnresolvedOrdinal):
        return key
    for i, item in enumerate(items):
        if not isinstance(item, UnresolvedAttribute) and strip_alias(item) == key and not _has_star_before(items, i):
            return UnresolvedOrdinal(i + 1)
    return key


def _is_aggregate_call(e: Expression) -> bool:
    if not isinstance(e, UnresolvedFunction):
        return False
    spec = registry.FUNCTIONS.get(e.name)
    return spec is not None and spec.kind == "aggregate"


def _has_aggregate(e: Expression) -> bool:
    return any(_is_aggregate_call(x) for x in e.walk())


def _aggregate_query(
    child: L.LogicalPlan,
    node: exp.Select,
    items: tuple[Expression, ...],
    orders: list[tuple[exp.Ordered, Expression]],
    distinct: bool,
) -> L.LogicalPlan:
    """GROUP BY / HAVING / ORDER BY over an aggregation.

    HAVING and ORDER BY may use aggregates and grouping columns the select list
    does not show (``SELECT k FROM t GROUP BY k HAVING sum(x) > 0``). They are
    computed as extra, hidden aggregate columns and projected away afterwards, as
    Spark's analyzer does. A HAVING/ORDER BY expression equal to a select item
    refers to that item's column by position (its name is only known after analysis).
    """
    grouping = _grouping(node.args.get("group"), items)
    hidden: list[Alias] = []
    aliases = _aliases(items)

    def over_output(e: Expression) -> Expression:
        if isinstance(e, UnresolvedOrdinal):
            return e
        index = _item_index(e, items, aliases)
        if index is not None:
            return _item_ref(items, index)
        if isinstance(e, UnresolvedAttribute) or _is_aggregate_call(e):
            hidden.append(Alias(e, f"__rillet_hidden_{len(hidden)}"))
            return UnresolvedAttribute((hidden[-1].name,))
        return e.map_children(over_output)

    having = node.args.get("having")
    condition = over_output(_expr(having.this)) if having is not None else None
    having_hidden = len(hidden)
    sort_orders = tuple(_sort_order(o, over_output(key)) for o, key in orders)
    if hidden and any(isinstance(i, UnresolvedStar) for i in items):
        raise _not_supported("HAVING/ORDER BY on columns outside a SELECT list that has *")
    plan: L.LogicalPlan = L.Aggregate(child, grouping, (*items, *hidden))
    visible = tuple(UnresolvedOrdinal(i + 1) for i in range(len(items)))
    if condition is not None:
        plan = L.Filter(plan, condition)
    if distinct:
        if len(hidden) > having_hidden:
            raise AnalysisException(
                "ORDER BY on a SELECT DISTINCT may only use the selected columns; "
                "add the ORDER BY expression to the SELECT list."
            )
        if hidden:
            plan = L.Project(plan, visible)
        plan = L.Distinct(plan)
        if sort_orders:
            plan = L.Sort(plan, sort_orders)
        return plan
    if sort_orders:
        plan = L.Sort(plan, sort_orders)
    return L.Project(plan, visible) if hidden else plan


def _item_index(e: Expression, items: tuple[Expression, ...], aliases: dict[str, int]) -> int | None:
    index = _alias_ref(e, aliases)
    if index is not None:
        return index
    for i, item in enumerate(items):
        if strip_alias(item) == e:
            return i
    return None


def _item_ref(items: tuple[Expression, ...], index: int) -> Expression:
    item = items[index]
    if not _has_star_before(items, index):
        return UnresolvedOrdinal(index + 1)
    if isinstance(item, Alias):
        return UnresolvedAttribute((item.name,))
    if isinstance(item, UnresolvedAttribute):
        return item
    raise _not_supported("HAVING/ORDER BY on an un-aliased select item after *; alias the item")


def _grouping(group: exp.Group | None, items: tuple[Expression, ...]) -> tuple[Expression, ...]:
    if group is None:
        return ()
    for arg, what in (("grouping_sets", "GROUPING SETS"), ("cube", "CUBE"), ("rollup", "ROLLUP"),
                      ("totals", "WITH TOTALS")):
        if group.args.get(arg):
            raise _not_supported(what)
    if group.args.get("all"):
        if any(isinstance(i, UnresolvedStar) for i in items):
            raise _not_supported("GROUP BY ALL with *")
        return tuple(strip_alias(i) for i in items if not _has_aggregate(i))
    aliases = _aliases(items)
    out: list[Expression] = []
    for g in group.expressions:
        key = _order_key(g)
        if isinstance(key, UnresolvedOrdinal):
            out.append(_group_position(key.position, items))
            continue
        index = _alias_ref(key, aliases)
        if index is not None and not _has_aggregate(items[index]):
            key = UnresolvedGroupingAlias(key.name_parts[0], strip_alias(items[index]))  # type: ignore[attr-defined]
        out.append(key)
    return tuple(out)


def _group_position(position: int, items: tuple[Expression, ...]) -> Expression:
    if any(isinstance(i, UnresolvedStar) for i in items[:position]):
        raise _not_supported("GROUP BY position after * in the SELECT list")
    if not 1 <= position <= len(items):
        raise _error(AnalysisException, "GROUP_BY_POS_OUT_OF_RANGE", index=str(position), size=str(len(items)))
    item = items[position - 1]
    if _has_aggregate(item):
        name = item.name if isinstance(item, Alias) else item.sql()
        raise _error(AnalysisException, "GROUP_BY_POS_AGGREGATE", index=str(position),
               aggExpr=f"{strip_alias(item).sql()} AS `{name}`")
    return strip_alias(item)
