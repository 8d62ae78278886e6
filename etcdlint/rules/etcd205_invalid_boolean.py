from etcdlint.etcd.flags import IGNORED_FLAGS, env_for_flag, is_bool_flag, parse_go_bool
from etcdlint.rules.base import Rule, make
from etcdlint.rules.cis_flags import with_cis_of
from etcdlint.etcd.command_line import reads_command_line
from etcdlint.rules.fixes import set_value

ACCEPTED = "1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False"
# The secure value of the security booleans: what the fix writes.
SECURE_VALUES = {
    "client-cert-auth": "true", "peer-client-cert-auth": "true", "auto-tls": "false",
    "peer-auto-tls": "false", "enable-pprof": "false",
    "peer-skip-client-san-verification": "false",
    "experimental-peer-skip-client-san-verification": "false",
}


def check(config, options):
    uses = list(config.env_uses)
    if reads_command_line(config):
        uses = list(config.flag_uses) + uses
    env = set(id(u) for u in config.env_uses)
    for use in uses:
        if not is_bool_flag(use.name) or use.name in IGNORED_FLAGS or use.value is None \
                or use.dynamic:
            continue
        if parse_go_bool(use.value) is not None or (id(use) in env and use.value == ""):
            continue  # (etcd skips empty ETCD_* variables)
        where = env_for_flag(use.name) if id(use) in env else f"--{use.name}"
        secure = SECURE_VALUES.get(use.name)
        fix = set_value(use, secure, f"set {where} to {secure}") if secure else None
        deciding = config.settings.get(use.name)
        if use.name in config.own_fixes and deciding is not None and \
                deciding.value_span == use.value_span:
            fix = config.own_fixes[use.name]  # (a source whose variable makes the setting)
        yield with_cis_of(make(RULE, config.path, use.value_span,
                               f"{where}={use.value!r} is not a boolean etcd accepts "
                               f"({ACCEPTED}): etcd refuses to start", fix,
                               f"write {where}=true or {where}=false"), use.name)


RULE = Rule(
    code="ETCD205",
    name="InvalidBoolean",
    title="A boolean value etcd rejects (etcd refuses to start)",
    cis=None,
    severity="error",
    security_severity="3.0",
    fix="safe",
    docs="""\
## What it does
Reports a boolean flag or `ETCD_` variable whose value Go's `strconv.ParseBool` rejects:
`yes`, `on`, `enabled`, an empty `--client-cert-auth=`, … Only `1 t T TRUE true True` and
`0 f F FALSE false False` are accepted. (etcd's config file is YAML and does accept `yes`
and `on`; this rule is about flags and environment variables.)

## Why is this bad?
etcd exits at start-up with `invalid boolean value`.

For a flag a CIS control decides (`--client-cert-auth` 2.2, `--auto-tls` 2.3,
`--peer-client-cert-auth` 2.5, `--peer-auto-tls` 2.6) the finding carries that control's
id (`cis` in JSON, a `CIS-2.2` tag on the SARIF result, `[CIS 2.2]` in text), so that a
report read by control shows it failing; the CIS rule itself does not report it a second
time.

## Example
```yaml
- name: ETCD_CLIENT_CERT_AUTH
  value: "yes"
```
Use instead `"true"`.

## Fix safety
Safe for the security flags (set to their secure value); otherwise none.
""",
    check=check,
)
