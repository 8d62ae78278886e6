from etcdlint.rules.apiserver_checks import all_together, talks_to_etcd
from etcdlint.rules.base import Rule, make

def check_run(run, options):
    for api in talks_to_etcd(run):
        missing = [n for n in ("etcd-certfile", "etcd-keyfile")
                   if api.get(n) is None or (api.get(n).known and not api.get(n).value.strip())]
        if not missing:
            continue
        names = " and ".join(api.name_of(n) for n in missing)
        if api.source == "kubeadm-external" and len(missing) == 1:
            why = " (kubeadm passes certFile and keyFile only when both are set)"
        else:
            why = all_together(api)
        verb = "is" if len(missing) == 1 else "are"
        yield make(RULE, api.path, api.anchor_span,
                   f"{names} {verb} not set{why}: the API server presents no client certificate "
                   "to etcd", None,
                   f"set {' and '.join(api.name_of(n) for n in ('etcd-certfile', 'etcd-keyfile'))}"
                   " to a client certificate and key that etcd's CA signed")


RULE = Rule(
    code="ETCD103",
    name="EtcdClientCertMissing",
    title="The API server has no client certificate for etcd (--etcd-certfile, --etcd-keyfile)",
    cis=None,
    severity="error",
    security_severity="7.0",
    fix="none",
    docs="""\
## What it does
Reports an API server configuration that talks to etcd without a client certificate and
key: `--etcd-certfile` and `--etcd-keyfile`, or kubeadm's `etcd.external.certFile` and
`keyFile` (kubeadm passes them only when both are set). This is the client side of CIS 2.2.

## Why is this bad?
An etcd that accepts the API server without a certificate accepts anybody else too.

## Example
```yaml
etcd:
  external:
    endpoints: [https://10.0.0.20:2379]
    caFile: /etc/kubernetes/pki/etcd/ca.crt
```
Use instead: add `certFile` and `keyFile` for a client certificate signed by etcd's CA.

## Fix safety
No automatic fix: the certificate must be issued first.
""",
    check_run=check_run,
)
