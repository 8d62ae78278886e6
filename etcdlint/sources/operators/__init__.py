"""etcd operators: what each writes into the pods it runs (etcd-io etcd-operator, the CoreOS
operator, Gardener etcd-druid), and what they share (``defaults``)."""
