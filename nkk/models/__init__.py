from .areas import *  # noqa: F403
from .campaigns import *  # noqa: F403
from .log import *  # noqa: F403
from .publishing import *  # noqa: F403
from .recommendations import *  # noqa: F403
from .supplements import *  # noqa: F403
from .versions import *  # noqa: F403
