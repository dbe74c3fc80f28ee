from rillet.testing import *  # noqa: F401,F403
from rillet.testing.utils import assertDataFrameEqual, assertSchemaEqual  # noqa: F401
