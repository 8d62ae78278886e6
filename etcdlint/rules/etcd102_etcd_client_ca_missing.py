from etcdlint.rules.apiserver_checks import all_together, talks_to_etcd
from etcdlint.rules.base import Rule, make


def _help(api) -> str:
    return f"set {api.name_of('etcd-cafile')} to the CA that signed etcd's server certificate"


def check_run(run, options):
    for api in talks_to_etcd(run):
        ca = api.get("etcd-cafile")
        if ca is None:
            yield make(RULE, api.path, api.anchor_span,
                       f"{api.name_of('etcd-cafile')} is not set{all_together(api)}: the API "
                       "server does not check etcd's certificate against etcd's own CA", None,
                       _help(api))
        elif ca.known and not ca.value.strip():
            yield make(RULE, api.path, ca.span,
                       f"{api.name_of('etcd-cafile')} is empty: the API server does not check "
                       "etcd's certificate against etcd's own CA", None, _help(api))


RULE = Rule(
    code="ETCD102",
    name="EtcdClientCAMissing",
    title="The API server does not pin etcd's CA (--etcd-cafile, etcd.external.caFile)",
    cis=None,
    severity="error",
    security_severity="6.5",
    fix="none",
    docs="""\
## What it does
Reports an API server configuration that talks to etcd without `--etcd-cafile` (kubeadm:
`etcd.external.caFile`).

## Why is this bad?
Without etcd's CA the API server cannot tell the real etcd from an impostor that presents
any certificate the system trusts, and hands it every write.

## Example
```yaml
etcd:
  external:
    endpoints: [https://10.0.0.20:2379]
    certFile: /etc/kubernetes/pki/apiserver-etcd-client.crt
    keyFile: /etc/kubernetes/pki/apiserver-etcd-client.key
```
Use instead: add `caFile: /etc/kubernetes/pki/etcd/ca.crt`.

## Fix safety
No automatic fix: the CA file must exist on the control-plane nodes.
""",
    check_run=check_run,
)
