"""ETCD208: an ETCD_* variable beside the flag it stands for, by etcd version."""

from conftest import codes, etcd_pod, lint_files


def env_conflict(image):
    text = etcd_pod(image=image) + "    env:\n    - {name: ETCD_CERT_FILE, value: /p/s.crt}\n"
    return [(f"{d.start.line}:{d.start.column}", d.diagnostic.rule, d.diagnostic.severity,
             d.diagnostic.message) for d in lint_files({"m.yaml": text}).diagnostics]


CONFLICT = "ETCD_CERT_FILE is set and --cert-file is on the command line: "


SHADOWED = "(conflicting environment variable is shadowed by corresponding command-line flag)"


def test_flag_and_env_conflict():
    # etcd 3.4 and later: pkg/flags verifyEnv exits
    assert env_conflict("registry.k8s.io/etcd:3.5.21-0") == [
        ("22:14", "ETCD208", "error", CONFLICT + "etcd 3.5 exits at start-up " + SHADOWED)]
    assert env_conflict("quay.io/coreos/etcd:v3.4.0") == [
        ("22:14", "ETCD208", "error", CONFLICT + "etcd 3.4 exits at start-up " + SHADOWED)]


def test_flag_and_env_conflict_before_etcd_3_4_is_a_warning():
    # etcd 3.3 and earlier only log that the variable is shadowed: the flag wins
    assert env_conflict("quay.io/coreos/etcd:v3.3.25") == [
        ("22:14", "ETCD208", "warning", CONFLICT + "etcd 3.3 ignores the variable (the flag wins);"
         " etcd 3.4 and later exit at start-up")]
    assert env_conflict("quay.io/coreos/etcd:v2.3.8") == [
        ("22:14", "ETCD208", "warning", CONFLICT + "etcd 2.3 ignores the variable (the flag wins);"
         " etcd 3.4 and later exit at start-up")]


def test_flag_and_env_conflict_of_an_unknown_version():
    assert env_conflict("example.com/tools/etcd-server") == [
        ("22:14", "ETCD208", "error", CONFLICT + "etcd 3.4 and later exit at start-up " + SHADOWED
         + "; 3.3 and earlier ignore the variable")]


def test_kubeadm_extra_envs_conflict_with_kubeadm_flags():
    text = ("apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\netcd:\n  local:\n"
            "    extraEnvs:\n    - name: ETCD_CLIENT_CERT_AUTH\n      value: \"true\"\n")
    assert codes(text) == ["6:13 ETCD208"]
    # kubeadm's imageTag tells the version: etcd 3.3 only ignores the variable
    old_etcd = text.replace("  local:\n", "  local:\n    imageTag: 3.3.15-0\n")
    assert [(d.diagnostic.rule, d.diagnostic.severity, d.diagnostic.message)
            for d in lint_files({"m.yaml": old_etcd}).diagnostics] == [
        ("ETCD208", "warning", "ETCD_CLIENT_CERT_AUTH is set and --client-cert-auth is on the "
         "command line: etcd 3.3 ignores the variable (the flag wins); etcd 3.4 and later exit "
         "at start-up")]
