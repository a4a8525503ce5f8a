"""Which code renders the pages: a new deploy must not serve pages its predecessor rendered.

PAGE_CACHE_RELEASE (e.g. the commit) when set; otherwise a digest of the code's and templates'
names, sizes and modification times, computed once per process (a few milliseconds). Every
process of one deploy computes the same value, so they share the cache.
"""

import functools
import hashlib
import os
from pathlib import Path

from django.conf import settings

SUFFIXES = {".py", ".html", ".txt", ".mo", ".svg", ".lock"}
SKIP = {".venv", ".tools", "var", "tests", "bench", "node_modules", "__pycache__", ".git", "static"}


@functools.cache
def release() -> str:
    given = getattr(settings, "PAGE_CACHE_RELEASE", "")
    if given:
        return given
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for root, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d not in SKIP and not d.startswith("."))
        for name in sorted(files):
            if Path(name).suffix in SUFFIXES:
                path = Path(root, name)
                stat = path.stat()
                digest.update(f"{path.relative_to(base)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]
