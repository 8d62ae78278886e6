"""ETCD215: a bitnami/etcd chart value that has no effect (the chart ignores it)."""

from conftest import ARGO_SET, codes, flux, messages


def test_argo_ineffective_values_have_their_own_message():
    found = [m for m in messages(ARGO_SET) if " ETCD215 " in m]
    assert found == [
        "27:19 ETCD215 auth.peer.useAutoTLS is true but has no effect: without "
        "auth.peer.secureTransport the chart sets no --peer-auto-tls and serves plain HTTP",
        "28:19 ETCD215 auth.peer.enableAuthentication is true but has no effect: without "
        "auth.peer.secureTransport the chart sets neither --peer-client-cert-auth nor "
        "--peer-trusted-ca-file (it only mounts auth.peer.existingSecret)"]


def test_etcd215_can_be_suppressed_and_explained(cli):
    values = "auth:\n  client:\n    enableAuthentication: true  # etcdlint: disable=ETCD215\n"
    assert "ETCD215" not in " ".join(codes(flux(values)))
    assert " ETCD215" in " ".join(codes(flux(values.replace("  # etcdlint: disable=ETCD215", ""))))
    run = cli("explain", "ETCD215")
    assert run.code == 0 and run.out.startswith("# ETCD215")
