"""What the follow-up adds to the structure through its registry: its demo data."""

from kunskapsstyrning.organisation.registry import registry

from .demo_follow_up import load_demo_follow_up

registry.demo_loaders.append(load_demo_follow_up)
