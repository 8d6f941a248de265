"""`python -m custinfo_tui` runs the same command as `custinfo`."""

from custinfo_tui.cli import main

raise SystemExit(main())
