from etcdlint.rules.base import Rule
from etcdlint.rules.problem_rules import report_problems


def check(config, options):
    yield from report_problems(RULE, config, "ineffective", help={
        "ineffective": "remove it, or write it where etcd reads it"})


RULE = Rule(
    code="ETCD201",
    name="IneffectiveSetting",
    title="A setting etcd silently ignores",
    cis=None,
    severity="warning",
    security_severity="5.0",
    fix="none",
    docs="""\
## What it does
Reports settings that look like they configure etcd but never reach it:

- keys etcd's config file does not know, or knows only elsewhere: a top-level
  `client-cert-auth: true` does nothing, it belongs under `client-transport-security`;
  a top-level `peer-skip-client-san-verification` is read by no etcd release (3.6 and later
  read `peer-transport-security.skip-client-san-verification`; see ETCD109 for which release
  reads which key);
- k3s/RKE2 `etcd-arg` entries for TLS and authentication: k3s merges them as top-level
  config-file keys, where etcd ignores them (k3s configures etcd's TLS itself), entries
  for keys no etcd release reads at the top level (`peer-skip-client-san-verification`), and
  entries without `=`, which k3s drops;
- flags and `ETCD_*` variables beside `--config-file`, which replaces them all;
- Kubespray variables that `etcd_deployment_type: kubeadm` never hands to etcd
  (`etcd_secure_client`, `etcd_peer_client_auth`, `etcd_tls_cipher_suites`,
  `etcd_metrics_port`, `etcd_client_url`, `etcd_peer_url`): Kubespray writes only
  `etcd_listen_metrics_urls` and `etcd_extra_vars` into kubeadm's configuration.

## Why is this bad?
The author believes a security setting is in force and it is not. The real configuration is
whatever etcd or the tool in front of it chose.

## Example
```yaml
# etcd config file
client-cert-auth: true          # ignored here
client-transport-security:
  cert-file: /etc/etcd/server.crt
```
Use instead: move the key under `client-transport-security`.

## Fix safety
No automatic fix: moving a setting changes what is in force, so it is left to the author.
""",
    check=check,
)
