"""The README's configuration example is valid as written, and its exit-code table names
every exit code the command line uses."""

import re

from conftest import ROOT

from etcdlint.config.project import load_config
from etcdlint.config.run import KNOWN_CODES


def _configuration_example():
    text = (ROOT / "README.md").read_text()
    section = text.split("\n## Configuration\n", 1)[1]
    return re.search(r"```yaml\n(.*?)```", section, flags=re.S).group(1)


def test_configuration_example_loads(tmp_path):
    (tmp_path / ".etcdlint.yaml").write_text(_configuration_example())
    config = load_config(str(tmp_path / ".etcdlint.yaml"), KNOWN_CODES)
    assert config.fail_on == "warning"
    assert config.extend_select == ("ETCD211",) and config.extend_ignore == ("ETCD106",)
    assert config.baseline is None  # (named in a comment: the file does not exist yet)
    assert config.respect_gitignore is True


def test_configuration_example_works_as_pasted(cli, tmp_path):
    """Pasted into a repository that has no baseline yet, the example runs (it exited 2 on
    every run when its baseline line was active)."""
    import shutil

    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    (tmp_path / ".etcdlint.yaml").write_text(_configuration_example())
    run = cli("examples", cwd=tmp_path)
    assert (run.code, run.err) == (1, "")
    assert run.out.splitlines()[0].startswith("examples/insecure/etcd-pod-env.yaml:10:57: ETCD002")


def test_exit_code_table():
    text = (ROOT / "README.md").read_text()
    section = text.split("\n### Exit codes\n", 1)[1]
    table = next(block for block in section.split("\n\n") if block.strip().startswith("|"))
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert [row.split("|")[1].strip() for row in rows] == ["`0`", "`1`", "`2`"]
