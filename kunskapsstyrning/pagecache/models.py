"""No models: the version's tables are made by migration 0001 and read with SQL (version.py).

The module exists because Django sends post_migrate only to apps that have one, and the
triggers are installed then (apps.py).
"""
