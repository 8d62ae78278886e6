from etcdlint.records import replace

from etcdlint.rules.apiserver_checks import talks_to_etcd
from etcdlint.rules.base import Rule, make
from etcdlint.etcd.servers_overrides import override_servers
from etcdlint.rules.urls import plaintext, secure_url
from etcdlint.text.shown import shown_value


def check_run(run, options):
    for api in talks_to_etcd(run):
        servers = api.get("etcd-servers")
        if servers is None or not servers.known:
            continue
        for url, span in servers.parts():
            yield from _judged(api, api.name_of("etcd-servers"), url, span)
    for api in run.apiservers:
        for url, resource, span in override_servers(api.get("etcd-servers-overrides")):
            yield from _judged(api, "--etcd-servers-overrides", url, span, f" (for {resource})")


def _judged(api, name, url, span, where=""):
    kind = plaintext(url)
    if kind is None:
        return
    diag = make(RULE, api.path, span,
                f"{name} has {shown_value(url)}{where}: the API server talks to etcd without TLS", None,
                f"make it {secure_url(url)} (etcd must serve TLS there)")
    if kind == "local":
        diag = replace(diag, severity="warning", message=diag.message + " (local only)")
    yield diag


RULE = Rule(
    code="ETCD101",
    name="EtcdEndpointPlaintext",
    title="The API server reaches etcd over plaintext (--etcd-servers, etcd.external.endpoints)",
    cis=None,
    severity="error",
    security_severity="8.0",
    fix="none",
    docs="""\
## What it does
Checks every etcd URL the API server is given, in a kube-apiserver command line
(`--etcd-servers`) or in a kubeadm ClusterConfiguration (`etcd.external.endpoints`,
`apiServer.extraArgs`), and reports those that are not `https://` (or `unixs://`). This is
the client side of CIS 2.1. The servers of `--etcd-servers-overrides`
(`group/resource#url;url,…`: one resource's objects on other etcd servers, with the same
client certificate and CA) are checked one by one; a value kube-apiserver refuses as a
whole (an entry without exactly one `#`, a resource without `/`, an empty server) is not. A loopback or unix-socket URL is reported as a warning: the
traffic stays on the host, but any local process can read it.

## Why is this bad?
The API server stores every object, Secrets included, in etcd. Over `http://` that traffic
crosses the network readable and writable by anyone on the path, and no client certificate
can be presented.

## Example
```yaml
etcd:
  external:
    endpoints:
    - http://10.0.0.20:2379
```
Use instead `https://10.0.0.20:2379`, with `caFile`, `certFile` and `keyFile`.

## Fix safety
No automatic fix: etcd must serve TLS on that URL first.
""",
    check_run=check_run,
)
