"""URL functions: url_encode, url_decode, parse_url (and their try_ forms)."""

from __future__ import annotations

from rillet.plan.registry import STRING, FunctionSpec, declare, fixed

declare(FunctionSpec("url_encode", "scalar", fixed(STRING), arg_kinds=("string",), always_nullable=True))
declare(FunctionSpec("url_decode", "scalar", fixed(STRING), arg_kinds=("string",), always_nullable=True))
declare(FunctionSpec("try_url_decode", "scalar", fixed(STRING), arg_kinds=("string",), always_nullable=True))
declare(FunctionSpec("parse_url", "scalar", fixed(STRING), 2, 3, arg_kinds=("string",), always_nullable=True))
declare(FunctionSpec("try_parse_url", "scalar", fixed(STRING), 2, 3, arg_kinds=("string",), always_nullable=True))
