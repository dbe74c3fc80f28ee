"""Thin JVM-free stand-ins for pyspark.testing.sqlutils' base classes: a rillet session, the same helpers."""
import os
import shutil
import tempfile
import unittest
from contextlib import contextmanager

from pyspark.sql import Row, SparkSession
from pyspark.testing.utils import PySparkErrorTestUtils, assertDataFrameEqual, assertSchemaEqual, have_package  # noqa: F401

have_pandas = have_package("pandas")
have_pyarrow = have_package("pyarrow")
pandas_requirement_message = None if have_pandas else "pandas not installed"
pyarrow_requirement_message = None if have_pyarrow else "pyarrow not installed"
test_not_compiled_message = "JVM test classes are not available without the JVM"
test_compiled = False


class SQLTestUtils:
    @contextmanager
    def sql_conf(self, pairs):
        keys = list(pairs.keys())
        old = {k: self.spark.conf.get(k, None) for k in keys}
        for k, v in pairs.items():
            self.spark.conf.set(k, v)
        try:
            yield
        finally:
            for k in keys:
                if old[k] is None:
                    self.spark.conf.unset(k)
                else:
                    self.spark.conf.set(k, old[k])

    @contextmanager
    def database(self, *databases):
        try:
            yield
        finally:
            for db in databases:
                self.spark.sql(f"DROP DATABASE IF EXISTS {db} CASCADE")
            self.spark.catalog.setCurrentDatabase("default")

    @contextmanager
    def table(self, *tables):
        try:
            yield
        finally:
            for t in tables:
                self.spark.sql(f"DROP TABLE IF EXISTS {t}")

    @contextmanager
    def tempView(self, *views):
        try:
            yield
        finally:
            for v in views:
                self.spark.catalog.dropTempView(v)

    @contextmanager
    def view(self, *views):
        try:
            yield
        finally:
            for v in views:
                self.spark.sql(f"DROP VIEW IF EXISTS {v}")

    @contextmanager
    def function(self, *functions):
        try:
            yield
        finally:
            for f in functions:
                self.spark.sql(f"DROP FUNCTION IF EXISTS {f}")

    @contextmanager
    def temp_env(self, pairs):
        old = {k: os.environ.get(k) for k in pairs}
        for k, v in pairs.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        try:
            yield
        finally:
            for k, v in old.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v


class ReusedSQLTestCase(unittest.TestCase, SQLTestUtils, PySparkErrorTestUtils):
    @classmethod
    def conf(cls):
        from pyspark import SparkConf
        return SparkConf()

    @classmethod
    def master(cls):
        return "local[4]"

    @classmethod
    def setUpClass(cls):
        builder = SparkSession.builder.master(cls.master()).appName(cls.__name__)
        for k, v in cls.conf().getAll():
            builder = builder.config(k, v)
        cls.spark = builder.getOrCreate()
        cls.sc = cls.spark.sparkContext
        cls._legacy_sc = cls.sc
        cls.tempdir = tempfile.NamedTemporaryFile(delete=False)
        os.unlink(cls.tempdir.name)
        cls.testData = [Row(key=i, value=str(i)) for i in range(100)]
        cls.df = cls.spark.createDataFrame(cls.testData)

    @classmethod
    def tearDownClass(cls):
        for q in cls.spark.streams.active:
            q.stop()
        cls.spark.stop()
        shutil.rmtree(cls.tempdir.name, ignore_errors=True)

    def assertDataFrameEqual(self, *a, **k):
        return assertDataFrameEqual(*a, **k)

    def assertSchemaEqual(self, *a, **k):
        return assertSchemaEqual(*a, **k)
