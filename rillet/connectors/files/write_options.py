"""How the file writers are configured: the session settings a sink receives and the
writer options (``compression``, ``sep``, ``timestampFormat``, ...) parsed once into ``WriteOptions``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rillet.connectors.base import option_bool, option_int, option_str
from rillet.errors import IllegalArgumentException

# Session settings a file sink needs, passed to it in its options under these keys.
TIME_ZONE_KEY = "spark.sql.session.timeZone"
COMPACT_INTERVAL_KEY = "spark.sql.streaming.fileSink.log.compactInterval"
# Session-level S3 settings (``spark.hadoop.fs.s3a.*``), read by ``FileStore``.
S3_SESSION_KEYS = tuple(
    f"spark.hadoop.fs.s3a.{k}"
    for k in ("endpoint", "access.key", "secret.key", "session.token", "endpoint.region", "connection.ssl.enabled")
)

# Characters Spark escapes (``%XX``) in a partition folder name (ExternalCatalogUtils).

PARQUET_CODECS = {
    "snappy": ("snappy", ".snappy"),
    "gzip": ("gzip", ".gz"),
    "zstd": ("zstd", ".zstd"),
    "lz4": ("lz4", ".lz4hadoop"),
    "brotli": ("brotli", ".br"),
    "none": ("none", ""),
    "uncompressed": ("none", ""),
}
_TEXT_CODECS = {"none": "", "uncompressed": "", "gzip": ".gz"}
_EXTENSIONS = {"csv": ".csv", "json": ".json", "text": ".txt"}


@dataclass
class WriteOptions:
    """How one format writes files: Spark's writer options, parsed once."""

    format: str
    time_zone: str = "UTC"
    compression: str = "snappy"
    max_records_per_file: int = 0
    header: bool = False
    sep: str = ","
    quote: str = '"'
    escape: str = "\\"
    quote_all: bool = False
    null_value: str = ""
    empty_value: str = '""'
    line_sep: str = "\n"
    ignore_nulls: bool = True
    timestamp_format: str = "%Y-%m-%dT%H:%M:%S%.3f%:z"
    timestamp_ntz_format: str = "%Y-%m-%dT%H:%M:%S%.3f"
    date_format: str = "%Y-%m-%d"

    @staticmethod
    def parse(fmt: str, options: Mapping[str, str], time_zone: str = "UTC") -> WriteOptions:
        fmt = fmt.lower()
        codec_default = "snappy" if fmt == "parquet" else "none"
        codec = (option_str(options, "compression") or option_str(options, "codec") or codec_default).lower()
        codecs = PARQUET_CODECS if fmt == "parquet" else _TEXT_CODECS
        if codec not in codecs:
            raise IllegalArgumentException(
                f"Codec [{codec}] is not available. Available codecs are {', '.join(sorted(codecs))}."
            )
        opts = WriteOptions(
            format=fmt,
            time_zone=option_str(options, "timeZone") or time_zone,
            compression=codec,
            max_records_per_file=option_int(options, "maxRecordsPerFile", 0, fmt) or 0,
        )
        if fmt == "csv":
            opts.header = option_bool(options, "header", False, fmt)
            opts.sep = option_str(options, "sep") or option_str(options, "delimiter") or ","
            opts.quote = option_str(options, "quote", '"') or '"'
            opts.escape = option_str(options, "escape", "\\") or "\\"
            opts.quote_all = option_bool(options, "quoteAll", False, fmt)
            opts.null_value = option_str(options, "nullValue", "") or ""
            opts.empty_value = option_str(options, "emptyValue", '""') or '""'
        if fmt in ("csv", "json", "text"):
            opts.line_sep = option_str(options, "lineSep", "\n") or "\n"
        if fmt in ("csv", "json"):
            for key, attr in (("timestampFormat", "timestamp_format"), ("timestampNTZFormat", "timestamp_ntz_format"),
                              ("dateFormat", "date_format")):
                pattern = option_str(options, key)
                if pattern is not None:
                    setattr(opts, attr, strftime_pattern(pattern, key))
        if fmt == "json":
            opts.ignore_nulls = option_bool(options, "ignoreNullFields", True, fmt)
        return opts

    @property
    def extension(self) -> str:
        if self.format == "parquet":
            return f"{PARQUET_CODECS[self.compression][1]}.parquet"
        return _EXTENSIONS[self.format] + _TEXT_CODECS[self.compression]


_PATTERN_LETTERS = {
    "yyyy": "%Y", "yy": "%y", "y": "%Y", "MM": "%m", "M": "%-m", "MMM": "%b", "MMMM": "%B", "dd": "%d",
    "d": "%-d", "HH": "%H", "H": "%-H", "hh": "%I", "h": "%-I", "mm": "%M", "m": "%-M", "ss": "%S",
    "s": "%-S", "S": "%1f", "SS": "%2f", "SSS": "%3f", "SSSSSS": "%6f", "a": "%p", "XXX": "%:z",
    "XX": "%z", "X": "%z", "xxx": "%:z", "xx": "%z", "Z": "%z", "z": "%Z", "E": "%a", "EEE": "%a",
    "EEEE": "%A", "D": "%-j", "DDD": "%j",
}


def strftime_pattern(pattern: str, option: str) -> str:
    """A Spark datetime pattern (``yyyy-MM-dd'T'HH:mm:ss.SSSXXX``) as a strftime format;
    ``[...]`` optional sections are written, as Spark's formatter does."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "'":
            end = pattern.find("'", i + 1)
            if end == i + 1:  # '' is a quote
                out.append("'")
                i += 2
                continue
            if end < 0:
                end = len(pattern)
            out.append(pattern[i + 1:end].replace("%", "%%"))
            i = end + 1
            continue
        if ch in "[]":
            i += 1
            continue
        if ch.isalpha():
            j = i
            while j < len(pattern) and pattern[j] == ch:
                j += 1
            run = pattern[i:j]
            if run not in _PATTERN_LETTERS:
                raise IllegalArgumentException(
                    f"Unsupported datetime pattern letters '{run}' in option {option}='{pattern}': rillet "
                    f"writes y M d H h m s S a X x Z z E D (e.g. yyyy-MM-dd'T'HH:mm:ss.SSSXXX)."
                )
            out.append(_PATTERN_LETTERS[run])
            i = j
            continue
        out.append("%%" if ch == "%" else ch)
        i += 1
    return "".join(out)
