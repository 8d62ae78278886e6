"""Files that are not YAML: found by name (walks and the pre-commit hooks), read only when
they name etcd, and a named file of an unknown form skipped with a note."""

import re

import pytest

from conftest import ROOT
from etcdlint.repo.forms import text_form
from etcdlint.repo.prefilter import names_etcd
from etcdlint.text.compose import compose_documents


@pytest.mark.parametrize("path, form", [
    ("etcd.service", "unit"), ("x/etcd@.service", "unit"),
    ("etcd.service.d/10-tls.conf", "dropin"), ("x/a.conf", ""),
    ("etc/etcd/etcd.conf", "env-file"), ("etcd.env", "env-file"), ("etcd-a.env", "env-file"),
    ("etc/default/etcd", "env-file"), ("etcd", ""), (".env", ""),
    ("Dockerfile", "dockerfile"), ("Dockerfile.prod", "dockerfile"),
    ("etcd.Dockerfile", "dockerfile"), ("Dockerfile-x", ""), ("m.yaml", ""),
])
def test_forms_by_name(path, form):
    assert text_form(path) == form


def test_the_hooks_take_the_same_names():
    docs, _ = compose_documents((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = {k.value: v.value for k, v in docs[0].value[0].value}
    assert hook["types"] != "yaml"
    pattern = re.compile(hook["files"])
    for path in ("a.yaml", "b/c.yml", "etcd.service", "etcd.service.d/10-tls.conf",
                 "etc/etcd/etcd.conf", "etcd-a.env", "etc/default/etcd", "Dockerfile",
                 "Dockerfile.prod", "etcd.Dockerfile"):
        assert pattern.search(path), path
    for path in ("a.conf", "README.md", ".env", "etcd", "Dockerfile-x"):
        assert not pattern.search(path), path


def test_read_only_when_naming_etcd():
    assert not names_etcd("x/nginx.service", b"[Service]\nExecStart=/usr/bin/nginx\n")
    assert names_etcd("x/a.service", b"[Service]\nExecStart=/usr/bin/ETCD\n")
    assert names_etcd("etcd.service.d/limits.conf", b"[Service]\nLimitNOFILE=65536\n")


def test_a_walk_finds_the_forms_and_skips_others(tmp_path, cli):
    (tmp_path / "etcd.service").write_text("[Service]\nExecStart=/usr/bin/etcd --auto-tls\n")
    (tmp_path / "Dockerfile").write_text('FROM alpine\nCMD ["etcd", "--peer-auto-tls"]\n')
    (tmp_path / "run.sh").write_text("etcd --auto-tls\n")
    run = cli("--select", "ETCD003,ETCD006", str(tmp_path))
    assert run.out.splitlines()[:2] == [f"{tmp_path}/Dockerfile:2:15: ETCD006 [*] error [CIS "
                                        "2.6] --peer-auto-tls is set: etcd members may use "
                                        "self-signed certificates they cannot verify",
                                        f"{tmp_path}/etcd.service:2:25: ETCD003 [*] error [CIS "
                                        "2.3] --auto-tls is set: etcd may serve clients with a "
                                        "self-signed certificate no client can verify"]


def test_a_named_file_of_an_unknown_form_is_skipped_with_a_note(tmp_path, cli):
    path = tmp_path / "etcd.socket"
    path.write_text("[Socket]\nListenStream=2379\n# etcd\nimage: x\n: : :\n")
    run = cli(str(path))
    assert run.code == 0
    assert "ETCD000" not in run.out
    assert f"{path}: note: not YAML, nor a form etcdlint reads (systemd units and drop-ins, " \
        "etcd environment files, Dockerfiles): skipped" in run.out + run.err
