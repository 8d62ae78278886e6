"""Kustomize builds as kustomize makes them: which resource a patch is for (original and
current ids), components, name prefixes and suffixes, images, and which overlays get notes."""

import pytest

from conftest import write
from test_kustomize import BASE_ETCD, CERT_AUTH_OFF, SMP_HEAD, lines

NS = "  namespace: db\n"
NO_NS_BASE = BASE_ETCD.replace(NS, "")
CERT_AUTH_OFF_NO_NS = CERT_AUTH_OFF.replace(NS, "")
ETCD002 = ("ETCD002 [*] error [CIS 2.2] --client-cert-auth is false: etcd accepts clients "
           "without a certificate")
ETCD006_ENV = ("ETCD006 [*] error [CIS 2.6] --peer-auto-tls is true: etcd members may use "
               "self-signed certificates they cannot verify")


def namespaced_base(root, **overlay):
    write(root, {"base/kustomization.yaml": "namespace: platform-etcd\nresources:\n- etcd.yaml\n",
                 "base/etcd.yaml": NO_NS_BASE})
    write(root, {f"overlays/prod/{k}": v for k, v in overlay.items()})


@pytest.mark.parametrize("entries", [
    "patchesStrategicMerge:\n- etcd.yaml\n",
    "patches:\n- path: etcd.yaml\n",
])
def test_a_namespace_less_patch_applies_to_the_resource_the_base_put_in_a_namespace(
        tmp_path, cli, entries):
    namespaced_base(tmp_path, **{"kustomization.yaml": "resources:\n- ../../base\n" + entries,
                                 "etcd.yaml": CERT_AUTH_OFF_NO_NS})
    expected = [f"overlays/prod/etcd.yaml:14:30: {ETCD002}",
                "Found 1 problem (1 error) in 1 file.", "[*] 1 fixable with --fix."]
    run = cli(".", cwd=tmp_path)
    assert (run.code, lines(run)) == (1, expected)
    run = cli("overlays/prod/etcd.yaml", cwd=tmp_path)  # the staged patch alone
    assert (run.code, lines(run)) == (1, expected)


def test_the_current_namespace_matches_too(tmp_path, cli):
    namespaced_base(tmp_path, **{
        "kustomization.yaml": "resources:\n- ../../base\npatches:\n- path: etcd.yaml\n",
        "etcd.yaml": CERT_AUTH_OFF.replace(NS, "  namespace: platform-etcd\n")})
    run = cli(".", cwd=tmp_path)
    assert lines(run)[0] == f"overlays/prod/etcd.yaml:15:30: {ETCD002}"


def test_a_patch_that_matches_nothing_is_a_note_at_its_entry_and_the_base_is_judged(
        tmp_path, cli):
    # the base names its own namespace: the patch's id (no namespace) is none of its ids
    write(tmp_path, {
        "base/kustomization.yaml": "resources:\n- etcd.yaml\n",
        "base/etcd.yaml": BASE_ETCD.replace("value: 'false'", "value: 'true'"),
        "overlays/prod/kustomization.yaml": (
            "resources:\n- ../../base\npatchesStrategicMerge:\n- etcd.yaml\n"),
        "overlays/prod/etcd.yaml": CERT_AUTH_OFF_NO_NS})
    run = cli(".", cwd=tmp_path)
    assert (run.code, lines(run)) == (1, [
        "base/etcd.yaml:27:19: ETCD003 [*] error [CIS 2.3] --auto-tls is true: etcd may serve "
        "clients with a self-signed certificate no client can verify",
        "Found 1 problem (1 error) in 1 file.",
        "overlays/prod/kustomization.yaml:4:3: note: no resource matches this patch "
        "(StatefulSet.v1.apps/etcd.[noNs]): kustomize refuses to build the overlay (no matches "
        "for Id); its resources are linted as they are",
        "[*] 1 fixable with --fix."])


def test_a_patch_for_a_generated_resource_is_not_a_missing_match(tmp_path, cli):
    namespaced_base(tmp_path, **{
        "kustomization.yaml": ("resources:\n- ../../base\nconfigMapGenerator:\n- name: cfg\n"
                               "  literals: [a=b]\npatches:\n- path: cm.yaml\n"
                               "- path: etcd.yaml\n"),
        "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  c: d\n",
        "etcd.yaml": CERT_AUTH_OFF_NO_NS})
    run = cli(".", cwd=tmp_path)
    assert lines(run) == [
        f"overlays/prod/etcd.yaml:14:30: {ETCD002}",
        "Found 1 problem (1 error) in 1 file.",
        "overlays/prod/kustomization.yaml:3:1: note: configMapGenerator not modelled: what they "
        "generate is not linted", "[*] 1 fixable with --fix."]


COMPONENT = ("apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"
             "patches:\n- path: tls.yaml\n")
PEER_AUTO_TLS_ENV = SMP_HEAD.replace(NS, "") + (
    "        env:\n        - name: ETCD_PEER_AUTO_TLS\n          value: 'true'\n")


def test_a_component_patches_what_its_parent_accumulated(tmp_path, cli):
    namespaced_base(tmp_path, **{
        "kustomization.yaml": "resources:\n- ../../base\ncomponents:\n- ../../components/tls\n"})
    write(tmp_path, {"components/tls/kustomization.yaml": COMPONENT,
                     "components/tls/tls.yaml": PEER_AUTO_TLS_ENV})
    run = cli(".", cwd=tmp_path)
    assert (run.code, lines(run)) == (1, [
        f"components/tls/tls.yaml:12:19: {ETCD006_ENV}",
        "Found 1 problem (1 error) in 1 file.", "[*] 1 fixable with --fix."])


def test_a_component_that_is_not_a_component_is_refused_as_kustomize_does(tmp_path, cli):
    namespaced_base(tmp_path, **{
        "kustomization.yaml": "resources:\n- ../../base\ncomponents:\n- ../../components/tls\n"})
    write(tmp_path, {"components/tls/kustomization.yaml": COMPONENT.replace("Component\n",
                                                                            "Kustomization\n"),
                     "components/tls/tls.yaml": PEER_AUTO_TLS_ENV})
    run = cli(".", cwd=tmp_path)
    assert lines(run) == [
        "No problems found in 5 files (1 etcd configuration).",
        "overlays/prod/kustomization.yaml:4:3: note: components/tls/kustomization.yaml is "
        "listed in components but is not a kind: Component kustomization: kustomize refuses "
        "to build the overlay (its resources are linted as they are)"]


def test_patches_above_a_name_prefix_still_target_the_original_name(tmp_path, cli):
    namespaced_base(tmp_path)
    write(tmp_path, {
        "middle/kustomization.yaml": "namePrefix: prod-\nnameSuffix: -a\nresources:\n- ../base\n",
        "top/kustomization.yaml": "resources:\n- ../middle\npatches:\n- path: etcd.yaml\n",
        "top/etcd.yaml": CERT_AUTH_OFF_NO_NS,
        "renamed/kustomization.yaml": "resources:\n- ../middle\npatches:\n- path: etcd.yaml\n",
        "renamed/etcd.yaml": CERT_AUTH_OFF_NO_NS.replace(
            "metadata:\n  name: etcd\n",
            "metadata:\n  name: prod-etcd-a\n  namespace: platform-etcd\n")})
    run = cli("top", "renamed", "middle", "base", cwd=tmp_path)
    assert lines(run) == [
        f"renamed/etcd.yaml:15:30: {ETCD002}",
        f"top/etcd.yaml:14:30: {ETCD002}",
        "Found 2 problems (2 errors) in 2 files.", "[*] 2 fixable with --fix."]


ENABLE_V2 = NO_NS_BASE.replace("- --client-cert-auth=true",
                               "- --enable-v2=true\n        - --client-cert-auth=true")


def test_an_image_tag_set_by_the_overlay_decides_the_version_rules(tmp_path, cli):
    write(tmp_path, {
        "base/kustomization.yaml": "resources:\n- etcd.yaml\n",
        "base/etcd.yaml": ENABLE_V2,  # etcd 3.5: --enable-v2 is still known
        "overlays/prod/kustomization.yaml": ("resources:\n- ../../base\nimages:\n"
                                             "- name: registry.k8s.io/etcd\n"
                                             "  newTag: v3.6.1\n")})
    run = cli(".", cwd=tmp_path)
    assert lines(run) == [
        "base/etcd.yaml:15:13: ETCD210 error --enable-v2 was removed in etcd 3.6 and this is "
        "etcd 3.6: it refuses to start; use nothing: the v2 API and v2 proxy are gone",
        "Found 1 problem (1 error) in 1 file."]
    run = cli("base", cwd=tmp_path)
    assert lines(run) == ["No problems found in 2 files (1 etcd configuration)."]


FLUX_APP = ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: podinfo\nspec:\n"
            "  template:\n    spec:\n      containers:\n      - name: podinfo\n"
            "        image: ghcr.io/stefanprodan/podinfo:6.5.0\n")


def test_a_repository_without_etcd_gets_no_note_at_all(tmp_path, cli):
    write(tmp_path, {
        "apps/base/kustomization.yaml": "resources:\n- podinfo.yaml\n",
        "apps/base/podinfo.yaml": FLUX_APP,
        "components/alerts/kustomization.yaml": ("apiVersion: kustomize.config.k8s.io/v1alpha1\n"
                                                 "kind: Component\nreplacements:\n- path: r.yaml\n"),
        "apps/prod/kustomization.yaml": ("namePrefix: prod-\nresources:\n- ../base\n"
                                         "- https://github.com/fluxcd/flux2/manifests/monitoring\n"
                                         "components:\n- ../../components/alerts\n"
                                         "configMapGenerator:\n- name: values\n  literals: [a=b]\n"
                                         "vars: []\n"),
        "apps/staging/kustomization.yaml": ("resources:\n- ../base\nconfigMapGenerator:\n"
                                            "- name: values\n  literals: [a=b]\n"),
    })
    run = cli(".", cwd=tmp_path)
    assert (run.code, lines(run)) == (0, ["No problems found in 5 files (0 etcd configurations)."])


def test_the_same_unmodelled_feature_over_etcd_is_noted(tmp_path, cli):
    namespaced_base(tmp_path, **{
        "kustomization.yaml": "resources:\n- ../../base\nreplacements:\n- path: r.yaml\n"})
    run = cli(".", cwd=tmp_path)
    assert lines(run) == [
        "No problems found in 3 files (1 etcd configuration).",
        "overlays/prod/kustomization.yaml:3:1: note: replacements: not modelled, the overlay is "
        "not built (its resources are linted as they are)"]


def test_labels_annotations_and_replicas_do_not_stop_the_build(tmp_path, cli):
    namespaced_base(tmp_path, **{
        "kustomization.yaml": ("resources:\n- ../../base\ncommonLabels: {app: etcd}\n"
                               "labels:\n- pairs: {tier: db}\n  includeSelectors: true\n"
                               "commonAnnotations: {team: x}\n"
                               "replicas:\n- name: etcd\n  count: 5\n"
                               "patches:\n- path: etcd.yaml\n"),
        "etcd.yaml": CERT_AUTH_OFF_NO_NS})
    run = cli(".", cwd=tmp_path)
    assert lines(run) == [f"overlays/prod/etcd.yaml:14:30: {ETCD002}",
                          "Found 1 problem (1 error) in 1 file.", "[*] 1 fixable with --fix."]


def test_a_resource_added_twice_is_refused_as_kustomize_does(tmp_path, cli):
    namespaced_base(tmp_path)
    write(tmp_path, {"a/kustomization.yaml": "resources:\n- ../base\n",
                     "b/kustomization.yaml": "resources:\n- ../base\n",
                     "top/kustomization.yaml": "resources:\n- ../a\n- ../b\n"})
    run = cli(".", cwd=tmp_path)
    assert lines(run) == [
        "No problems found in 5 files (1 etcd configuration).",
        "top/kustomization.yaml:3:3: note: StatefulSet.v1.apps/etcd.platform-etcd is added "
        "twice: kustomize refuses to build the overlay (may not add resource with an already "
        "registered id; its resources are linted as they are)"]


def test_a_build_says_which_entries_brought_each_resource_and_file_in(tmp_path, monkeypatch):
    from etcdlint.repo.kustomize.overlays import plan_overlays

    namespaced_base(tmp_path, **{
        "kustomization.yaml": "resources:\n- ../../base\ncomponents:\n- ../../components/tls\n"})
    write(tmp_path, {"components/tls/kustomization.yaml": COMPONENT.replace(
        "patches:", "resources:\n- extra.yaml\npatches:"),
        "components/tls/extra.yaml": NO_NS_BASE.replace("name: etcd\nspec", "name: etcd2\nspec"),
        "components/tls/tls.yaml": PEER_AUTO_TLS_ENV})
    monkeypatch.chdir(tmp_path)
    top = "overlays/prod/kustomization.yaml"
    (build,) = plan_overlays([(top, str(tmp_path / top))], 10 ** 6, lambda data: True).builds
    base = "namespace: platform-etcd\nresources:\n- etcd.yaml\n".index("etcd.yaml")  # 38
    base_entry = "resources:\n- ../../base\n".index("../../base")  # 13
    component_entry = "resources:\n- ../../base\ncomponents:\n- ".index("- ", 15) + 2  # 38
    component = COMPONENT.replace("patches:", "resources:\n- extra.yaml\npatches:")
    extra, patch = component.index("extra.yaml"), component.index("path: tls.yaml")
    assert (base, base_entry, component_entry, extra, patch) == (38, 13, 38, 74, 96)
    assert build.via == [
        (("base/kustomization.yaml", base), (top, base_entry)),
        (("components/tls/kustomization.yaml", extra), (top, component_entry))]
    assert [(s.path, s.entry) for s in build.segments] == [
        ("base/etcd.yaml", ("base/kustomization.yaml", base)),
        ("components/tls/extra.yaml", ("components/tls/kustomization.yaml", extra)),
        ("components/tls/tls.yaml", ("components/tls/kustomization.yaml", patch))]


APP = ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n"
       "    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n")
ETCD_SIDECAR = ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n"
                "  template:\n    spec:\n      containers:\n      - name: etcd\n"
                "        image: registry.k8s.io/etcd:3.5.21-0\n"
                "        command: [etcd, --auto-tls=true, --client-cert-auth=true]\n")


def test_a_patch_that_brings_etcd_into_a_file_the_prefilter_passes_by_is_applied(tmp_path, cli):
    write(tmp_path, {"base/kustomization.yaml": "namespace: x\nresources:\n- app.yaml\n",
                     "base/app.yaml": APP,
                     "overlay/kustomization.yaml": "resources:\n- ../base\npatches:\n"
                                                   "- path: sidecar.yaml\n",
                     "overlay/sidecar.yaml": ETCD_SIDECAR})
    run = cli("--select", "ETCD003", ".", cwd=tmp_path)
    assert lines(run) == [
        "overlay/sidecar.yaml:11:36: ETCD003 [*] error [CIS 2.3] --auto-tls is true: etcd may "
        "serve clients with a self-signed certificate no client can verify",
        "Found 1 problem (1 error) in 1 file.", "[*] 1 fixable with --fix."]


def test_a_patch_without_etcd_for_a_file_the_prefilter_passes_by_is_no_missing_match(
        tmp_path, cli):
    namespaced_base(tmp_path, **{
        "kustomization.yaml": "resources:\n- ../../base\n- app.yaml\npatches:\n"
                              "- path: scale.yaml\n- path: etcd.yaml\n",
        "app.yaml": APP,
        "scale.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n"
                      "spec:\n  replicas: 3\n",
        "etcd.yaml": CERT_AUTH_OFF_NO_NS})
    run = cli(".", cwd=tmp_path)
    assert lines(run) == [f"overlays/prod/etcd.yaml:14:30: {ETCD002}",
                          "Found 1 problem (1 error) in 1 file.", "[*] 1 fixable with --fix."]


@pytest.mark.parametrize("base, noted", [(NO_NS_BASE, True), (APP, False)])
def test_an_overlay_named_alone_is_noted_only_when_its_files_hold_etcd(tmp_path, cli, base,
                                                                        noted):
    namespaced_base(tmp_path, **{
        "kustomization.yaml": "resources:\n- ../../base\nreplacements:\n- path: r.yaml\n"})
    write(tmp_path, {"base/etcd.yaml": base})
    run = cli("overlays/prod/kustomization.yaml", cwd=tmp_path)
    assert lines(run)[1:] == ([
        "overlays/prod/kustomization.yaml:3:1: note: replacements: not modelled, the overlay is "
        "not built (its resources are linted as they are)"] if noted else [])
