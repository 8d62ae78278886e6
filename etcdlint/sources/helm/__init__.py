"""Helm releases of the bitnami/etcd chart, wherever a repository sets their values (Flux,
Argo CD, k3s HelmChart, umbrella charts, bare values files), and the chart's own semantics
(``bitnami_etcd``)."""
