from repdesk.cli import main

raise SystemExit(main())
