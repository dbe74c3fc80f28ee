"""The errors the SQL parser raises, as Spark raises them.

``PARSE_SYNTAX_ERROR`` names the offending token as written (or ``end of input``);
``NOT_IMPLEMENTED`` names a construct rillet cannot run; :func:`check_tokens` rejects
the token-level mistakes sqlglot forgives and Spark does not.
"""

from __future__ import annotations

from typing import TypeVar

from sqlglot.tokens import Token, TokenType

from rillet.errors import AnalysisException, ParseException, PySparkException

E = TypeVar("E", bound=PySparkException)


def spark_error(cls: type[E], condition: str, **params: str) -> E:
    return cls(errorClass=condition, messageParameters=params)


def not_supported(feature: str) -> ParseException:
    return spark_error(ParseException, "NOT_IMPLEMENTED", feature=f"SQL: {feature}")


def syntax_error(text: str, token: Token | None, hint: str) -> ParseException:
    """Spark's ``PARSE_SYNTAX_ERROR``: the offending token as written, or ``end of input``."""
    error = "end of input" if token is None else f"'{source_text(text, token)}'"
    return ParseException(errorClass="PARSE_SYNTAX_ERROR", messageParameters={"error": error, "hint": hint})


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


def source_text(text: str, token: Token) -> str:
    return text[token.start : token.end + 1]


def check_tokens(text: str, tokens: list[Token], query: bool) -> None:
    """Mistakes sqlglot forgives and Spark does not (``a,, b``, ``SELECT a, FROM t``)."""
    if query and tokens[0].token_type not in _QUERY_START:
        keyword = source_text(text, tokens[0]).upper()
        if keyword in _STATEMENTS:
            raise not_supported(f"the {keyword} statement (only queries are supported)")
        raise syntax_error(text, tokens[0], "")
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        tt = tok.token_type
        if tt == TokenType.PARAMETER:  # @name is not Spark syntax
            raise syntax_error(text, tok, "")
        if tt == TokenType.COMMA:
            if nxt is None:
                raise syntax_error(text, None if query else tok, "" if query else ": extra input ','")
            if nxt.token_type == TokenType.COMMA or nxt.token_type == TokenType.R_PAREN:
                raise syntax_error(text, nxt, "")
            if nxt.token_type == TokenType.FROM:
                raise spark_error(AnalysisException, "TRAILING_COMMA_IN_SELECT")
        elif tt in _NEEDS_EXPRESSION and (nxt is None or nxt.token_type in _NO_EXPRESSION_AFTER):
            raise syntax_error(text, nxt, "")
