"""The test files' assertions rewritten once, before the test processes start, not in each.

pytest rewrites every test file's `assert` statements so that a failure says what the
values were, and keeps the result beside the file (`__pycache__/*-pytest-*.pyc`). On a
fresh checkout (CI's clean clone) there is none yet, and the four test processes of
`-n auto` start together and each rewrites all 440 files itself: about 25 seconds of CPU
each, most of their start-up (a run that selects nothing took 55 s on two cores, 25 s once
the files were rewritten).

`rewrite_before_the_processes_start()`, called by the main process just before it starts
the test processes (`pytest_xdist_setupnodes`), rewrites the files whose rewritten copy is
missing or older than the file, with pytest's own functions, in one forked process per
core: the test processes then read what those wrote, as a second run does. Where every
copy is already there, or Python writes no bytecode (PYTHONDONTWRITEBYTECODE), it does
nothing; so too if pytest's functions have changed their names (the test processes then
rewrite the files themselves, as before). What the tests run is unchanged.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest


def rewrite_before_the_processes_start(config: pytest.Config) -> None:
    if sys.dont_write_bytecode or config.getoption("assertmode") != "rewrite":
        return
    if not hasattr(os, "fork"):
        return
    try:
        from _pytest.assertion.rewrite import PYC_TAIL, get_cache_dir
    except ImportError:
        return
    stale = [
        path
        for path in _test_files(config)
        if not _rewritten(path, get_cache_dir(path) / (path.name[:-3] + PYC_TAIL))
    ]
    cores = min(len(os.sched_getaffinity(0)), len(stale))
    children = []
    for core in range(cores):
        child = os.fork()
        if child == 0:
            try:
                _rewrite(config, stale[core::cores])
            finally:
                os._exit(0)
        children.append(child)
    for child in children:
        os.waitpid(child, 0)


def _rewrite(config: pytest.Config, paths: list[Path]) -> None:
    """As pytest's import hook does for a file with no rewritten copy (its `exec_module`)."""
    from _pytest.assertion.rewrite import (
        PYC_TAIL,
        _rewrite_test,
        _write_pyc,
        assertstate_key,
        get_cache_dir,
        try_makedirs,
    )

    state = config.stash[assertstate_key]
    for path in paths:
        cache_dir = get_cache_dir(path)
        if try_makedirs(cache_dir):
            source_stat, code = _rewrite_test(path, config)
            _write_pyc(state, code, source_stat, cache_dir / (path.name[:-3] + PYC_TAIL))


def _test_files(config: pytest.Config) -> list[Path]:
    """The test files of what this run was asked to run."""
    found: set[Path] = set()
    for arg in config.args:
        path = Path(config.invocation_params.dir, arg.split("::")[0])
        candidates = path.rglob("test_*.py") if path.is_dir() else [path]
        found.update(candidate for candidate in candidates if candidate.suffix == ".py")
    return sorted(found)


def _rewritten(path: Path, copy: Path) -> bool:
    """Whether the rewritten copy of `path` is there and no older than it."""
    try:
        return copy.stat().st_mtime >= path.stat().st_mtime
    except OSError:
        return False
