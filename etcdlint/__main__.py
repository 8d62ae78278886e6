from etcdlint.cli import entry

entry()
