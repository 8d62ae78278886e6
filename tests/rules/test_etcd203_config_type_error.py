"""ETCD203: a configuration value of the wrong type, refused at start-up."""

from conftest import messages


def test_non_string_scalars_in_argv():
    text = "kind: Pod\nspec:\n  containers:\n  - command: [etcd, 1, null, --auto-tls]\n"
    assert [m for m in messages(text) if "ETCD203" in m] == [
        "4:21 ETCD203 command item '1' is a YAML int, not a string: Kubernetes rejects the "
        "manifest (quote it)",
        "4:24 ETCD203 command item 'null' is a YAML null, not a string: Kubernetes rejects the "
        "manifest (quote it)"]
