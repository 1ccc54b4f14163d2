from spotsigns.cli import main

raise SystemExit(main())
