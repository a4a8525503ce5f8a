"""What NKK adds to the structure's pages through its registry (filled in below)."""
