"""A small file's nodes from its first lint serve the verdict on its fixes; a large file's
are not held, and its documents are composed again only once it has something to fix."""

import pytest

from etcdlint.engine.lint import LintOptions
from etcdlint.fixing import run as run_module
from etcdlint.fixing.run import fix_bytes

POD = b"""apiVersion: v1
kind: Pod
metadata: {name: etcd, namespace: kube-system}
spec:
  containers:
  - name: etcd
    image: registry.k8s.io/etcd:3.5.16-0
    command:
    - etcd
    - --cert-file=/p/server.crt
    - --key-file=/p/server.key
    - --trusted-ca-file=/p/ca.crt
    - --client-cert-auth=false
    - --peer-cert-file=/p/peer.crt
    - --peer-key-file=/p/peer.key
    - --peer-trusted-ca-file=/p/ca.crt
    - --peer-client-cert-auth=true
"""


@pytest.mark.parametrize("limit,composed", [(64 * 1024, 0), (0, 1)])
def test_the_verdict_composes_again_only_what_the_first_lint_did_not_keep(monkeypatch, limit,
                                                                          composed):
    monkeypatch.setattr(run_module, "KEEP_NODES_BYTES", limit)
    calls = []
    real = run_module.compose_documents
    monkeypatch.setattr(run_module, "compose_documents",
                        lambda text: (calls.append(1), real(text))[1])
    outcome = fix_bytes("etcd.yaml", POD, LintOptions(), ("safe",))
    assert outcome.fixed == POD.replace(b"--client-cert-auth=false", b"--client-cert-auth=true")
    assert [d.rule for d, _, _ in outcome.applied] == ["ETCD002"]
    assert outcome.final.documents is None  # (nodes never leave fix_bytes)
    assert len(calls) == composed
