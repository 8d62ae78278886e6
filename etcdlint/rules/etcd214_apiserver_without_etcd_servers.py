from etcdlint.rules.base import Rule, make

_HELP = "set --etcd-servers to etcd's client URLs (https://<etcd host>:2379, comma-separated)"
_REFUSAL = "kube-apiserver refuses to start (--etcd-servers must be specified)"


def check_run(run, options):
    for api in run.apiservers:
        if api.source != "pod" or not api.complete:
            continue  # (kubeadm always passes --etcd-servers)
        if not any(name.startswith("etcd-") for name in api.settings):
            continue  # nothing about etcd: not a configuration etcdlint judges
        servers = api.get("etcd-servers")
        if servers is None:
            yield make(RULE, api.path, api.anchor_span, f"--etcd-servers is not set: {_REFUSAL}",
                       None, _HELP)
        elif servers.known and servers.value == "":  # (pflag reads "" as an empty list)
            yield make(RULE, api.path, servers.span, f"--etcd-servers is empty: {_REFUSAL}",
                       None, _HELP)


RULE = Rule(
    code="ETCD214",
    name="ApiServerWithoutEtcdServers",
    title="An API server configured for etcd without --etcd-servers (it refuses to start)",
    cis=None,
    severity="error",
    security_severity="3.0",
    fix="none",
    docs="""\
## What it does
Reports a kube-apiserver command line that sets etcd client flags (`--etcd-cafile`,
`--etcd-certfile`, `--etcd-keyfile`, `--etcd-servers-overrides`, any `--etcd-*`) but no
`--etcd-servers`, or an empty one. A command line with a part computed at run time
(`$EXTRA_ARGS` in a script) is not judged: the flag may be in it. kubeadm always passes
`--etcd-servers`.

As read in Kubernetes' source (kubernetes/apiserver v0.20.0, v0.30.0, v0.34.0 and v0.36.0,
that is Kubernetes 1.20 to 1.36: `pkg/server/options/etcd.go`, staged in
kubernetes/kubernetes as `staging/src/k8s.io/apiserver/pkg/server/options/etcd.go`):
`EtcdOptions.Validate` returns "--etcd-servers must be specified" when the server list is
empty (`--etcd-servers=` too: pflag's string slice reads "" as no item), and kube-apiserver
(kubernetes/kubernetes `cmd/kube-apiserver/app/server.go`) returns every validation error
from its command and exits before it starts serving.

## Why is this bad?
The API server does not start, and with it nothing of the control plane works. The other
API server rules (ETCD101-ETCD103) judge only a configuration that names its etcd servers,
so without this one such a manifest would pass silently.

## Example
```yaml
command:
- kube-apiserver
- --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
- --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
- --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
```
Use instead: add `--etcd-servers=https://127.0.0.1:2379` (etcd's client URLs).

## Fix safety
No automatic fix: etcdlint cannot know where etcd listens.
""",
    check_run=check_run,
)
