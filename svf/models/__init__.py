from .implementation import *  # noqa: F403
from .indicators import *  # noqa: F403
from .log import *  # noqa: F403
from .pathways import *  # noqa: F403
from .versions import *  # noqa: F403
