import sys

from etcdlint.cli import main

sys.exit(main())
