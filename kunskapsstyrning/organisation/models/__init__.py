from .groups import *  # noqa: F403
from .history import *  # noqa: F403
from .hosting import *  # noqa: F403
from .memberships import *  # noqa: F403
from .people import *  # noqa: F403
from .periods import *  # noqa: F403
from .regions import *  # noqa: F403
from .snapshots import *  # noqa: F403
