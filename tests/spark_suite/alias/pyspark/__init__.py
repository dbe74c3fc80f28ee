"""Alias layer: ``pyspark.X`` is ``rillet.X``; implements nothing (test plumbing in pyspark.testing only)."""
import importlib
import importlib.abc
import importlib.util
import sys

from rillet import *  # noqa: F401,F403


class _Alias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    # pyspark.testing.sqlutils/utils live next to this file (the thin JVM-free base classes).
    _local = ("pyspark.testing",)

    def find_spec(self, name, path, target=None):
        if not name.startswith("pyspark.") or name.startswith(self._local):
            return None
        twin = "rillet" + name[len("pyspark"):]
        try:
            if importlib.util.find_spec(twin) is None:
                return None
        except ModuleNotFoundError:
            return None
        return importlib.util.spec_from_loader(name, self)

    def create_module(self, spec):
        return importlib.import_module("rillet" + spec.name[len("pyspark"):])

    def exec_module(self, module):
        pass


sys.meta_path.insert(0, _Alias())
