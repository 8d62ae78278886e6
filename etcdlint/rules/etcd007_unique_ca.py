import posixpath

from etcdlint.model import ORIGIN_KUBEADM_DEFAULT, Related
from etcdlint.records import replace
from etcdlint.rules.base import Rule, make, not_set, setting_name


def _norm(path):
    return posixpath.normpath(path.strip())


# Sources that describe a whole cluster in one document (kubeadm's ClusterConfiguration and
# what embeds it, k0s, RKE): outside a configured cluster root, their etcd and API server are
# compared only with each other, not with the other files of their directory, which may well
# describe other clusters.
CLUSTER_SOURCES = frozenset(("kubeadm", "kubeadm-external", "k0s", "k0s-external", "rke"))


def _scope(run, item):
    scope = run.scope_of(item.path)
    if item.source in CLUSTER_SOURCES and not run.in_cluster_root(item.path):
        return scope, item.path
    return scope, None


_OWN_CA = "set {} to the CA that signs only etcd's client certificates"


def check_run(run, options):
    client_cas = {}  # (scope, CA path) -> (API server, its --client-ca-file)
    # (an API server the run reports on first: the one a finding is brought in by)
    for api in sorted(run.apiservers, key=lambda api: not run.reported(api.path)):
        ca = api.settings.get("client-ca-file")
        if ca is not None and ca.known and ca.value.strip():
            client_cas.setdefault((_scope(run, api), _norm(ca.value)), (api, ca))
    for config in run.etcd:
        setting = config.get("trusted-ca-file")
        label = setting_name(config, "trusted-ca-file")
        if not run.reported(config.path):
            yield from _brought_in(run, config, setting, label, client_cas)
            continue
        if setting is None:
            if config.complete:
                yield make(RULE, config.path, config.anchor_for("trusted-ca-file"),
                           f"{not_set(config, 'trusted-ca-file')}: etcd has no CA of its own to "
                           "check client certificates against", None, _OWN_CA.format(label))
            continue
        if not setting.known:
            continue
        if not setting.value.strip():
            yield make(RULE, config.path, setting.span,
                       f"{label} is empty: etcd has no CA of its own to check client certificates "
                       "against", None, _OWN_CA.format(label))
            continue
        found = client_cas.get((_scope(run, config), _norm(setting.value)))
        if found is not None:
            api, ca = found
            diag = make(RULE, config.path, setting.value_span,
                        f"{label} {setting.value} is also kube-apiserver's --client-ca-file "
                        f"({api.path}): every client certificate of the Kubernetes CA is "
                        "accepted by etcd; give etcd a CA of its own", None,
                        f"set {label} to a CA of etcd's own, not {ca.value} (kube-apiserver's "
                        "client CA)")
            where = "implied by kubeadm" if ca.origin == ORIGIN_KUBEADM_DEFAULT else "set here"
            yield replace(diag, related=(Related(
                api.path, ca.value_span,
                f"kube-apiserver's --client-ca-file {ca.value} ({where})"),))


def _brought_in(run, config, setting, label, client_cas):
    """The finding of an etcd the run does not report on (a file read for this comparison
    only), when a reported API server brings it in: its ``--client-ca-file`` now names
    etcd's CA. Reported at that token, etcd's ``--trusted-ca-file`` a related location."""
    if setting is None or not setting.known or not setting.value.strip():
        return
    found = client_cas.get((_scope(run, config), _norm(setting.value)))
    if found is None or not run.reported(found[0].path):
        return
    api, ca = found
    diag = make(RULE, api.path, ca.value_span,
                f"kube-apiserver's --client-ca-file {ca.value} is also etcd's {label} "
                f"({config.path}): every client certificate this CA signs for Kubernetes is "
                "accepted by etcd; keep a CA of etcd's own for etcd")
    yield replace(diag, related=(Related(
        config.path, setting.value_span, f"etcd's {label} {setting.value} (set here)"),))


RULE = Rule(
    code="ETCD007",
    name="EtcdCASharedWithKubernetes",
    title="etcd trusts the same CA as the Kubernetes API server (--trusted-ca-file)",
    cis="2.7",
    severity="warning",
    security_severity="6.5",
    fix="none",
    docs="""\
## What it does
Checks that etcd has a CA of its own: `--trusted-ca-file` (or `ETCD_TRUSTED_CA_FILE`, or
`client-transport-security.trusted-ca-file`) is set, and is not the file the kube-apiserver
trusts for its own clients (`--client-ca-file`). A path means something on one host only, so
etcd is compared with the API servers of its own cluster scope: by default the files of its
directory (a static-pod manifests folder is one node), or everything under a directory the
`cluster-roots` configuration key names. A kubeadm ClusterConfiguration's implied API server
(`<certificatesDir>/ca.crt`) counts in its own file's scope. When files are named on the
command line (as pre-commit does), the other files of their scopes are read from disk for
this comparison, without being reported on themselves: when only the API server is named,
a match is reported at its `--client-ca-file` (the token that brings the shared CA in),
etcd's `--trusted-ca-file` a related location. Paths are compared
after normalisation (`/a/./b` and `/a/b` are the same); a static tool cannot tell whether two
different paths hold the same certificate.

## Why is this bad?
etcd authorises every client whose certificate chains to its trusted CA; it does not look at
names. If that CA also signs certificates for Kubernetes users, nodes and controllers, each of
them can open etcd directly and bypass Kubernetes authorisation entirely.

## Example
```yaml
# etcd.yaml
- --trusted-ca-file=/etc/kubernetes/pki/ca.crt
# kube-apiserver.yaml
- --client-ca-file=/etc/kubernetes/pki/ca.crt
```
Use instead a dedicated etcd CA, as kubeadm does:
```yaml
- --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
```

## Fix safety
No automatic fix: a new CA has to be created and distributed.
""",
    check_run=check_run,
    run_settings=("trusted-ca-file",),
)
