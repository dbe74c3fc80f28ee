"""Format name -> :class:`~rillet.connectors.base.Provider`: the one registry of data sources.

Built-in providers are imported on first use, so ``import rillet.sql`` loads no
connector (and kafka/delta/kinesis load their client libraries only when a query
uses them). A new format is a new module with a ``Provider`` plus one line in
``_BUILTINS``. A session keeps its own :class:`Registry` over the built-ins, where
``spark.dataSource.register`` puts the user's Python data sources: a registered name
shadows a built-in one in that session only, as in Spark.
"""

from __future__ import annotations

import importlib
import threading

from rillet.connectors.base import Provider
from rillet.errors import AnalysisException

# name -> "module:attribute" of the provider instance; aliases are the providers' own
_BUILTINS: dict[str, str] = {
    "socket": "rillet.connectors.socket:PROVIDER",
    "rate": "rillet.connectors.rate:RATE",
    "rate-micro-batch": "rillet.connectors.rate:RATE_MICRO_BATCH",
    "text": "rillet.connectors.files:TEXT",
    "csv": "rillet.connectors.files:CSV",
    "json": "rillet.connectors.files:JSON",
    "parquet": "rillet.connectors.files:PARQUET",
    "orc": "rillet.connectors.files:ORC",
    # the committed files of a file sink (``readStream.table`` of a ``toTable`` table)
    "file-sink-log": "rillet.connectors.files:FILE_SINK_LOG",
    "kafka": "rillet.connectors.kafka:PROVIDER",
    "kinesis": "rillet.connectors.kinesis:PROVIDER",
    "delta": "rillet.connectors.delta:PROVIDER",
    "jdbc": "rillet.connectors.jdbc:PROVIDER",
    "console": "rillet.connectors.console:PROVIDER",
    "memory": "rillet.connectors.memory:PROVIDER",
    "foreach": "rillet.connectors.foreach_batch:FOREACH",
    "foreachbatch": "rillet.connectors.foreach_batch:FOREACH_BATCH",
    "noop": "rillet.connectors.foreach_batch:NOOP",
}

# Spark's class names for the same formats, accepted by ``format()`` as in Spark
_ALIASES: dict[str, str] = {
    "org.apache.spark.sql.execution.streaming.sources.ratestreamprovider": "rate",
    "org.apache.spark.sql.execution.streaming.sources.ratepermicrobatchprovider": "rate-micro-batch",
    "org.apache.spark.sql.execution.streaming.sources.textsocketsourceprovider": "socket",
    "org.apache.spark.sql.execution.streaming.consolesinkprovider": "console",
    "org.apache.spark.sql.kafka010.kafkasourceprovider": "kafka",
    "io.delta.sql.deltadatasource": "delta",
}


class Registry:
    """Providers by name (case-insensitive); a name not found here is looked up in
    ``parent``. The built-in registry imports each provider's module when first asked."""

    def __init__(self, parent: Registry | None = None, lazy: dict[str, str] | None = None) -> None:
        self.parent = parent
        self._lazy = dict(lazy or {})
        self._providers: dict[str, Provider] = {}
        self._lock = threading.Lock()

    def register(self, provider: Provider, name: str | None = None) -> None:
        """Register ``provider`` under ``name`` (default: its ``name``), replacing any
        provider of that name in this registry."""
        with self._lock:
            self._providers[(name or provider.name).lower()] = provider

    def find(self, name: str) -> Provider | None:
        key = name.lower()
        provider = self._providers.get(key)
        if provider is None and key in self._lazy:
            module, attr = self._lazy[key].split(":")
            provider = getattr(importlib.import_module(module), attr)
            with self._lock:
                self._providers[key] = provider
        if provider is None and key in _ALIASES and self.parent is None:
            return self.find(_ALIASES[key])
        if provider is None and self.parent is not None:
            return self.parent.find(name)
        return provider

    def lookup(self, name: str) -> Provider:
        """The provider of ``name``, or Spark's ``DATA_SOURCE_NOT_FOUND``."""
        provider = self.find(name)
        if provider is None:
            raise AnalysisException(errorClass="DATA_SOURCE_NOT_FOUND", messageParameters={"provider": name})
        return provider


BUILTINS = Registry(lazy=_BUILTINS)


def lookup(name: str) -> Provider:
    """The built-in provider of ``name`` (``DATA_SOURCE_NOT_FOUND`` if there is none)."""
    return BUILTINS.lookup(name)
