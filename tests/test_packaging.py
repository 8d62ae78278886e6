"""The release artefacts: ``python -m build`` makes an sdist and a wheel that ``twine check``
accepts, and the wheel installed into a fresh virtual environment lints ``examples/``.

Everything runs without network: the build uses this environment's setuptools
(``--no-isolation``), and the fresh environment gets etcdlint from the wheel alone
(``--no-deps --no-index``) while its dependencies are read from this environment's
site-packages through a ``.pth`` line (a plain path: this checkout's editable install, which
is activated by its own ``.pth`` file, stays out of it).
"""

import email
import os
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

from etcdlint import __version__

pytestmark = pytest.mark.skipif(not (ROOT / "pyproject.toml").exists(),
                                reason="not a source checkout")


def run(*args, **kwargs):
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=600,
                          **kwargs)


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    pytest.importorskip("build")
    out = tmp_path_factory.mktemp("dist")
    proc = run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def test_sdist_and_wheel_pass_twine_check(dist):
    pytest.importorskip("twine")
    names = sorted(p.name for p in dist.iterdir())
    assert names == [f"etcdlint-{__version__}-py3-none-any.whl", f"etcdlint-{__version__}.tar.gz"]
    proc = run(sys.executable, "-m", "twine", "check", "--strict", *sorted(dist.iterdir()))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("PASSED") == 2


def test_metadata_names_the_licence_and_the_project_urls(dist):
    wheel = dist / f"etcdlint-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as zf:
        meta = email.message_from_bytes(zf.read(f"etcdlint-{__version__}.dist-info/METADATA"))
        names = set(zf.namelist())
    assert meta["Name"] == "etcdlint"
    assert meta["Version"] == __version__
    assert meta["License-Expression"] == "Apache-2.0"
    assert meta["License-File"] == "LICENSE"
    assert {url.split(",")[0] for url in meta.get_all("Project-URL")} == {
        "Homepage", "Documentation", "Changelog", "Issues"}
    assert f"etcdlint-{__version__}.dist-info/licenses/LICENSE" in names
    for schema in ("config.schema.json", "report.schema.json"):
        assert f"etcdlint-{__version__}.data/data/share/etcdlint/schemas/{schema}" in names


def test_sdist_carries_licence_changelog_schemas_and_examples(dist):
    with tarfile.open(dist / f"etcdlint-{__version__}.tar.gz") as tf:
        names = {name.split("/", 1)[1] for name in tf.getnames() if "/" in name}
    for name in ("LICENSE", "CHANGELOG.md", "README.md", "schemas/config.schema.json",
                 "schemas/report.schema.json", "examples/insecure/etcd-pod-env.yaml"):
        assert name in names


def test_licence_is_the_apache_2_text():
    text = (ROOT / "LICENSE").read_text()
    assert text.lstrip().startswith("Apache License\n                           Version 2.0, January 2004")
    assert "END OF TERMS AND CONDITIONS" in text
    assert len(text.split()) == 1581  # the word count of the licence as the ASF publishes it


def test_changelog_has_an_unreleased_section_and_the_current_version():
    text = (ROOT / "CHANGELOG.md").read_text()
    assert "\n## [Unreleased]\n" in text
    assert f"\n## [{__version__}]" in text


def test_wheel_installed_in_a_fresh_venv_lints_the_examples(dist, tmp_path):
    venv = tmp_path / "venv"
    proc = run(sys.executable, "-m", "venv", "--without-pip", venv)
    assert proc.returncode == 0, proc.stderr
    python = venv / "bin" / "python"
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
                .stdout.strip())
    (site / "outer-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    wheel = dist / f"etcdlint-{__version__}-py3-none-any.whl"
    proc = run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet",
               "--no-deps", "--no-index", wheel)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "FORCE_COLOR")}
    where = run(python, "-c", "import etcdlint; print(etcdlint.__file__)", env=env, cwd=tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(venv)
    version = run(venv / "bin" / "etcdlint", "--version", env=env, cwd=tmp_path)
    assert version.stdout == f"etcdlint {__version__}\n"
    installed = run(venv / "bin" / "etcdlint", "examples/", env=env, cwd=ROOT)
    source = run(sys.executable, "-m", "etcdlint", "examples/", env=env, cwd=ROOT)
    assert installed.returncode == 1, installed.stderr
    assert installed.stderr == ""
    assert installed.stdout == source.stdout
    assert installed.stdout.splitlines()[-2:] == [
        "Found 19 problems (14 errors, 1 note, 4 warnings) in 4 files.",
        "[*] 5 fixable with --fix."]
    # the configuration schema is read from the installed data files, not from this checkout
    check = run(python, "-c", "import etcdlint.config.project as c, json; print(len(c.schema()))",
                env=env, cwd=tmp_path)
    assert check.returncode == 0, check.stderr
