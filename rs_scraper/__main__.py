import sys

from rs_scraper.cli import main

sys.exit(main())
