"""Verksamhetsplaner: insatser per grupp och år (issue #12)."""
