"""Values as messages show them (etcdlint/text/shown.py): a URL's password hidden in every
output format, a long value cut."""

import json

import pytest

from etcdlint.text.shown import redact_urls, shown_message, shown_value


@pytest.mark.parametrize("text,expected", [
    ("http://root:PW@10.0.0.1:2379", "http://root:***@10.0.0.1:2379"),
    ("https://u:p@a:1,http://v:q@b:2", "https://u:***@a:1,http://v:***@b:2"),
    ("http://root:p@ss@host:2379/x", "http://root:***@host:2379/x"),  # (Go: the last @)
    ("unix://:secret@sock", "unix://:***@sock"),
    ("http://root@10.0.0.1:2379", "http://root@10.0.0.1:2379"),  # no password: nothing hidden
    ("http://10.0.0.1:2379/a:b@c", "http://10.0.0.1:2379/a:b@c"),  # (a path, not userinfo)
    ("--etcd-servers has http://a:b@h: x", "--etcd-servers has http://a:***@h: x"),
])
def test_redact_urls(text, expected):
    assert redact_urls(text) == expected


def test_long_values_are_cut():
    assert shown_value("x" * 200) == "x" * 200
    assert shown_value("x" * 201) == "x" * 200 + "…"
    assert shown_message("has " + "y" * 500 + ": bad") == "has " + "y" * 200 + "… bad"
    assert shown_message(f"has {shown_value('z' * 500)}: bad") == "has " + "z" * 200 + "…: bad"


POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
spec:
  containers:
  - name: kube-apiserver
    image: registry.k8s.io/kube-apiserver:v1.30.0
    command:
    - kube-apiserver
    - --etcd-servers=http://root:PW-hunter2@10.0.0.1:2379
"""


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_a_url_password_is_in_no_output(cli, tmp_path, fmt):
    (tmp_path / "pod.yaml").write_text(POD)
    run = cli("--format", fmt, "pod.yaml", cwd=tmp_path)
    assert run.code == 1
    assert "hunter2" not in run.out + run.err
    assert "http://root:***@10.0.0.1:2379" in run.out


def test_the_message_shows_the_redacted_url(cli, tmp_path):
    (tmp_path / "pod.yaml").write_text(POD)
    run = cli("--select", "ETCD101", "pod.yaml", cwd=tmp_path)
    assert run.out.splitlines()[0] == (
        "pod.yaml:11:22: ETCD101 error --etcd-servers has http://root:***@10.0.0.1:2379: the "
        "API server talks to etcd without TLS")


def test_a_long_echoed_value_is_cut_in_json(cli, tmp_path):
    url = "http://" + "h" * 400 + ":2379"
    (tmp_path / "pod.yaml").write_text(POD.replace("http://root:PW-hunter2@10.0.0.1:2379", url))
    run = cli("--format", "json", "--select", "ETCD101", "pod.yaml", cwd=tmp_path)
    messages = [d["message"] for d in json.loads(run.out)["diagnostics"]]
    assert messages == [f"--etcd-servers has {url[:200]}…: the API server talks to etcd "
                        "without TLS"]
