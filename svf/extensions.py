"""What the vårdförlopp add to the structure's pages through its registry: the demo data."""

from kunskapsstyrning.organisation.registry import registry


def load_demo() -> None:
    from .demo import load_demo_pathways

    load_demo_pathways()


registry.demo_loaders.append(load_demo)
