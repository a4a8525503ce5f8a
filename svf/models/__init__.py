from .log import *  # noqa: F403
from .pathways import *  # noqa: F403
from .versions import *  # noqa: F403
