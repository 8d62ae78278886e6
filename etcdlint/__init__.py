"""etcdlint: lint etcd security settings in Kubernetes YAML."""

__version__ = "0.1.0"
