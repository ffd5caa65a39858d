import sys

try:  # Ctrl-C during the first imports must be one line, like everywhere else (rs_scraper.cli.main)
    from rs_scraper.cli import main
except KeyboardInterrupt:
    print("rs-scraper: interrupted", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
