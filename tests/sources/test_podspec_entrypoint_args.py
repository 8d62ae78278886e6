"""Containers with only ``args`` whose first item is a flag, in an etcd image: the image's
entrypoint is etcd, so the items are etcd's flags."""


from conftest import TESTS, codes, fix

HEAD = ("apiVersion: v1\n"
        "kind: Pod\n"
        "metadata:\n"
        "  name: etcd\n"
        "spec:\n"
        "  containers:\n"
        "  - name: etcd\n"
        "    image: {image}\n"
        "    args:\n")
SECURE = ("    - --name=etcd0\n"
          "    - --cert-file=/certs/server.crt\n"
          "    - --key-file=/certs/server.key\n"
          "    - --client-cert-auth=true\n"
          "    - --trusted-ca-file=/certs/etcd-ca.crt\n"
          "    - --peer-cert-file=/certs/peer.crt\n"
          "    - --peer-key-file=/certs/peer.key\n"
          "    - --peer-client-cert-auth=true\n"
          "    - --peer-trusted-ca-file=/certs/etcd-ca.crt\n"
          "    - --listen-client-urls=https://0.0.0.0:2379\n"
          "    - --advertise-client-urls=https://etcd0:2379\n"
          "    - --listen-peer-urls=https://0.0.0.0:2380\n")


def pod(args, image="quay.io/coreos/etcd:v2.3.8"):
    return HEAD.format(image=image) + args


def test_secure_args_only():
    assert codes(pod(SECURE)) == []


def test_insecure_args_only_points_at_the_flags_and_the_image():
    text = pod(SECURE.replace("--client-cert-auth=true", "--client-cert-auth=false")
               .replace("    - --peer-client-cert-auth=true\n", "    - --peer-auto-tls\n"))
    # line 13 is --client-cert-auth=false (its value at column 26); the missing peer setting
    # points at the image (line 8, column 12): its entrypoint is what starts etcd
    assert codes(text) == ["8:12 ETCD005", "13:26 ETCD002", "17:7 ETCD006"]


def test_a_null_command_is_no_command():
    text = pod("    - --client-cert-auth=false\n").replace("    args:\n",
                                                       "    command: null\n    args:\n")
    assert codes(text)[-1] == "11:26 ETCD002"


def test_args_of_other_images_or_after_a_command_are_not_read_as_etcd_flags():
    insecure = "    - --client-cert-auth=false\n"
    assert codes(pod(insecure, image="busybox:1.36")) == []
    with_command = pod(insecure).replace("    args:\n", "    command: [/bin/sh]\n    args:\n")
    assert codes(with_command) == []
    # a first item that is not a flag is the program, as before
    assert codes(pod("    - /bin/true\n" + insecure)) == []


def test_fix_sets_the_flag_in_the_args_list():
    text = pod(SECURE.replace("--client-cert-auth=true", "--client-cert-auth=false"))
    assert fix(text).fixed.decode() == pod(SECURE)


def test_fix_inserts_a_missing_flag_after_the_last_item():
    text = pod(SECURE.replace("    - --client-cert-auth=true\n", ""))
    fixed = fix(text, allowed=("safe",)).fixed.decode()
    assert fixed == pod(SECURE.replace("    - --client-cert-auth=true\n", "")
                        + "    - --client-cert-auth=true\n")


FIXTURES = TESTS / "fixtures" / "sources"


def test_regression_v2_image_replication_controller():
    """A v2-era ReplicationController and a DaemonSet in the shape of benchmark fixtures."""
    text = (FIXTURES / "entrypoint-args.yaml").read_text()
    assert codes(text) == [
        "20:16 ETCD001", "20:16 ETCD001", "20:16 ETCD002", "20:16 ETCD004", "20:16 ETCD004",
        "20:16 ETCD005", "20:16 ETCD007", "22:33 ETCD104", "23:36 ETCD104", "25:31 ETCD105",
        "26:42 ETCD105", "48:44 ETCD003",
    ]
