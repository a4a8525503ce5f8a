from .pathways import *  # noqa: F403
