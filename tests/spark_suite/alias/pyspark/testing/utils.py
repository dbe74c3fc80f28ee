import os

from rillet.testing.utils import *  # noqa: F401,F403
from rillet.testing.utils import assertDataFrameEqual, assertSchemaEqual  # noqa: F401

SPARK_HOME = os.getcwd()


def eventually(timeout=30.0, catch_assertions=False, catch_timeout=False, quiet=True, interval=0.1):
    import functools
    import time

    def decorator(condition):
        @functools.wraps(condition)
        def wrapper(*args, **kwargs):
            start = time.time()
            last = None
            while time.time() - start < timeout:
                try:
                    ok = condition(*args, **kwargs)
                except AssertionError as e:
                    if not catch_assertions:
                        raise
                    last = e
                    ok = False
                if ok is True or (ok is None and last is None):
                    return
                time.sleep(interval)
            if last is not None:
                raise last
            raise TimeoutError("eventually timed out")
        return wrapper
    return decorator


class PySparkErrorTestUtils:
    def check_error(self, exception, errorClass, messageParameters=None, query_context_type=None, fragment=None, matchPVals=False):
        from rillet.errors import PySparkException
        self.assertIsInstance(exception, PySparkException)
        self.assertEqual(exception.getCondition(), errorClass)
        if messageParameters is not None:
            self.assertEqual(exception.getMessageParameters(), messageParameters)


def have_package(name):
    import importlib.util
    return importlib.util.find_spec(name) is not None
