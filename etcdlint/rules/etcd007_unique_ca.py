import posixpath

from etcdlint.rules.base import Rule, make, setting_name


def _norm(path):
    return posixpath.normpath(path.strip())


def check_run(run, options):
    client_cas = {}
    for api in run.apiservers:
        ca = api.settings.get("client-ca-file")
        if ca is not None and ca.known and ca.value.strip():
            client_cas.setdefault(_norm(ca.value), api)
    for config in run.etcd:
        setting = config.get("trusted-ca-file")
        label = setting_name(config, "trusted-ca-file")
        if setting is None:
            if config.complete:
                yield make(RULE, config.path, config.anchor_for("trusted-ca-file"),
                           f"{label} is not set: etcd has no CA of its own to check client "
                           "certificates against")
            continue
        if not setting.known:
            continue
        if not setting.value.strip():
            yield make(RULE, config.path, setting.span,
                       f"{label} is empty: etcd has no CA of its own to check client certificates "
                       "against")
            continue
        api = client_cas.get(_norm(setting.value))
        if api is not None:
            yield make(RULE, config.path, setting.value_span,
                       f"{label} {setting.value} is also kube-apiserver's --client-ca-file "
                       f"({api.path}): every client certificate of the Kubernetes CA is "
                       "accepted by etcd; give etcd a CA of its own")


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
trusts for its own clients (`--client-ca-file`). The comparison runs across all files of one
etcdlint run, so lint the etcd and kube-apiserver manifests together. Paths are compared
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
