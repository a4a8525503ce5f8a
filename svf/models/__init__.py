from .implementation import *  # noqa: F403
from .indicators import *  # noqa: F403
from .pathways import *  # noqa: F403
