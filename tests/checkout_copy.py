"""A copy of this checkout's files as they are on disk (tracked and untracked, not ignored),
for tests that install or clone etcdlint the way a user's machine would see a fresh clone."""

import shutil
import subprocess

from conftest import ROOT


def copy_checkout(dest):
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest
