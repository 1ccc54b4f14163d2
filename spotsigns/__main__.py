from spotsigns.launcher.cli import main

raise SystemExit(main())
