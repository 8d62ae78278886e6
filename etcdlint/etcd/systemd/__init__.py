"""How systemd reads what starts etcd on a machine: unit files and their drop-ins
(``unitfile``), the words of ``ExecStart=`` and ``Environment=`` (``words``), and the files
``EnvironmentFile=`` names (``envfile``). Every reader keeps each character's place in the
text it was given (a ``Token``), so that findings point at the exact token."""
