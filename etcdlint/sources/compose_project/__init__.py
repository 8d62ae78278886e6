"""Docker Compose projects: services that run etcd (``services``), compose's string rules
(``strings``: interpolation and command splitting) and its ``env_file`` / ``.env`` files."""
