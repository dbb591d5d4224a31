"""The desktop build's entry point: the same ``main`` as the ``confide`` command."""

from desktop.__main__ import main

raise SystemExit(main())
