"""The README's configuration example is valid as written, and its exit-code table names
every exit code the command line uses."""

import re

from conftest import ROOT

from etcdlint.config.project import load_config
from etcdlint.config.run import KNOWN_CODES


def test_configuration_example_loads(tmp_path):
    text = (ROOT / "README.md").read_text()
    section = text.split("\n## Configuration\n", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", section, flags=re.S).group(1)
    (tmp_path / ".etcdlint.yaml").write_text(example)
    config = load_config(str(tmp_path / ".etcdlint.yaml"), KNOWN_CODES)
    assert config.fail_on == "warning"
    assert config.extend_select == ("ETCD211",) and config.extend_ignore == ("ETCD106",)
    assert config.baseline == str(tmp_path / "etcdlint-baseline.json")
    assert config.respect_gitignore is True


def test_exit_code_table():
    text = (ROOT / "README.md").read_text()
    section = text.split("\n### Exit codes\n", 1)[1]
    table = next(block for block in section.split("\n\n") if block.strip().startswith("|"))
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert [row.split("|")[1].strip() for row in rows] == ["`0`", "`1`", "`2`"]
