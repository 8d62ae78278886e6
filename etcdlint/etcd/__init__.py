"""How etcd itself reads its configuration: flags (Go flag rules), ETCD_* variables, the config
file's layout, versions, precedence, and how a command line or a shell script runs etcd."""
