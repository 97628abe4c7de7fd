from repdesk.cli.main import main

raise SystemExit(main())
