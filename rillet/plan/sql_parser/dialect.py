"""sqlglot's Spark dialect, set up to read Spark SQL the way Spark does: text -> sqlglot tree.

The function table is switched off (every call stays the name the user wrote),
operator precedence is Spark's, and parser hooks leave marks in ``node.meta``
(the ``META_*`` keys) where Spark tells apart what sqlglot's tree does not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar

from sqlglot import exp
from sqlglot.dialects.spark import Spark
from sqlglot.errors import ParseError, TokenError
from sqlglot.parsers.spark import SparkParser
from sqlglot.tokens import Token, TokenType

from rillet.errors import ParseException
from rillet.plan.sql_parser.errors import check_tokens, source_text, spark_error, syntax_error
from rillet.plan.sql_parser.literals import spark_tokens

_KEPT_FUNCTION_PARSERS = ("CAST", "TRY_CAST", "EXTRACT", "TRIM", "POSITION", "SUBSTRING", "SUBSTR")
META_NAME = "rillet_name"  # meta key: the function name as written, for calls with special syntax
META_TYPE_TEXT = "rillet_type_text"  # meta key: a data type's source text
META_TYPED_LITERAL = "rillet_typed_literal"  # meta key: DATE '...' (a literal, not a CAST)
META_IS_NOT = "rillet_is_not"  # meta key: the NOT of IS NOT NULL / IS NOT TRUE
META_KEYWORD_FORM = "rillet_keyword_form"  # meta key: position(a IN b) rather than position(a, b)
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
        node.meta[META_NAME] = name.lower()
        node.meta[META_KEYWORD_FORM] = keyword_form
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
    node.meta[META_TYPED_LITERAL] = True
    return node


class _SyntaxError(ParseError):
    def __init__(self, message: str, token: Token | None) -> None:
        super().__init__(message)
        self.description = message
        self.token = token


class _RilletSpark(Spark):
    class Parser(SparkParser):
        STRICT_CAST = True  # CAST is ANSI CAST; TRY_CAST is the lenient one
        FUNCTIONS: ClassVar[dict[str, Callable[..., object]]] = {}  # every call stays a name + arguments
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
                node.meta[META_IS_NOT] = True  # a IS NOT NULL, as opposed to NOT (a IS NULL)
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
                node.meta[META_TYPE_TEXT] = self.sql[first.start : last.end + 1]
            return node


_DIALECT = _RilletSpark()


def first_token(text: str) -> Token | None:
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
            raise spark_error(ParseException, "UNCLOSED_BRACKETED_COMMENT") from None
        m = re.match(r"[xX]'([^']*)'", rest)
        if m:
            raise spark_error(
                ParseException, "INVALID_TYPED_LITERAL", valueType='"X"', value=f"'{m.group(1)}'"
            ) from None
        quote = next((c for c in rest if c in "'\"`"), rest[:1])
        raise ParseException(
            errorClass="PARSE_SYNTAX_ERROR", messageParameters={"error": f"'{quote}'", "hint": ""}
        ) from None
    return spark_tokens(text, raw)


def parse_tree(text: str, query: bool) -> exp.Expr:
    """The one statement (``query``) or expression ``text`` holds, as a sqlglot tree; Spark's syntax errors."""
    tokens = _tokenize(text)
    while tokens and tokens[-1].token_type == TokenType.SEMICOLON and query:
        tokens.pop()
    if not tokens:
        if query and text.strip():  # only semicolons
            raise syntax_error(text, _tokenize(text)[0], "")
        raise spark_error(ParseException, "PARSE_EMPTY_STATEMENT")
    for i, tok in enumerate(tokens):
        if tok.token_type == TokenType.SEMICOLON:
            nxt = tokens[i + 1] if i + 1 < len(tokens) and query else tok
            raise syntax_error(text, nxt, f": extra input '{source_text(text, nxt)}'")
    check_tokens(text, tokens, query)
    try:
        statements = _DIALECT.parser_class(dialect=_DIALECT).parse(tokens, text)
    except _SyntaxError as e:
        # one token left over after a complete statement is ANTLR's "extra input"
        leftover = e.description.startswith("Invalid expression / Unexpected token")
        hint = f": extra input '{source_text(text, e.token)}'" if leftover and e.token is tokens[-1] else ""
        raise syntax_error(text, e.token, hint) from None
    except ParseError as e:  # raised by sqlglot helpers outside raise_error
        raise syntax_error(text, tokens[0], "") from e
    node = statements[0] if statements else None
    if node is None:
        raise spark_error(ParseException, "PARSE_EMPTY_STATEMENT")
    return node
