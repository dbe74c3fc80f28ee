"""``pyspark.sql.functions.builtin``: every function, gathered from the category modules.

Each function builds an expression node; nothing computes here. A function that
is not in :mod:`rillet.plan.registry` yet is not defined either, so ``F.name``
fails at once with an ``AttributeError`` naming it, rather than computing a
wrong answer.
"""

from rillet.sql.functions import aggregate as _aggregate_functions
from rillet.sql.functions import (
    collection,  # noqa: E402
    core,
    datetime,
    event_time,
    generator,
    higher_order,
    json,  # noqa: E402
    math,
    misc,
    string,
    url,
)
from rillet.sql.functions import udf as _udf_functions
from rillet.sql.functions import window as _window_functions
from rillet.sql.functions.aggregate import *  # noqa: F401,F403
from rillet.sql.functions.collection import *  # noqa: F401,F403
from rillet.sql.functions.core import *  # noqa: F401,F403
from rillet.sql.functions.datetime import *  # noqa: F401,F403
from rillet.sql.functions.event_time import *  # noqa: F401,F403
from rillet.sql.functions.generator import *  # noqa: F401,F403
from rillet.sql.functions.higher_order import *  # noqa: F401,F403
from rillet.sql.functions.json import *  # noqa: F401,F403
from rillet.sql.functions.math import *  # noqa: F401,F403
from rillet.sql.functions.misc import *  # noqa: F401,F403
from rillet.sql.functions.string import *  # noqa: F401,F403
from rillet.sql.functions.udf import *  # noqa: F401,F403
from rillet.sql.functions.url import *  # noqa: F401,F403
from rillet.sql.functions.window import *  # noqa: F401,F403

__all__ = [
    *core.__all__,
    *string.__all__,
    *json.__all__,
    *math.__all__,
    *datetime.__all__,
    *event_time.__all__,
    *_aggregate_functions.__all__,
    *generator.__all__,
    *_window_functions.__all__,
    *_udf_functions.__all__,
    *collection.__all__,
    *higher_order.__all__,
    *misc.__all__,
    *url.__all__,
]
