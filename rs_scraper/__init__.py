"""rs_scraper: a research-grade crawler and cleaner for Responsible Statecraft."""

import os as _os

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/rs-scraper/rs_scraper"

# Arrow's C++ allocator is chosen once, from ARROW_DEFAULT_MEMORY_POOL, when pyarrow first allocates, and
# ``pa.set_memory_pool`` (RS_ARROW_MEMORY_POOL, rs_scraper.session.use_memory_pool) only redirects the allocations
# made from Python: the Parquet reader and writer kept allocating from mimalloc, whose 1 GiB region held 42-66 MiB
# of freed pages in a crawl (issue 14). So the process default is named here, before anything of ours imports
# pyarrow: the system allocator, RS_ARROW_MEMORY_POOL's default. A value already in the environment is the user's
# and stays (ARROW_POOL_FROM_ENVIRONMENT); child processes (parse workers, a crawl a script starts) inherit either,
# and ours is marked as ours, so that a child still honours its own RS_ARROW_MEMORY_POOL.
_OURS = "RS_ARROW_POOL_DEFAULTED"
ARROW_POOL_FROM_ENVIRONMENT = bool(_os.environ.get("ARROW_DEFAULT_MEMORY_POOL")) and not _os.environ.get(_OURS)
if not ARROW_POOL_FROM_ENVIRONMENT:
    _os.environ["ARROW_DEFAULT_MEMORY_POOL"] = "system"
    _os.environ[_OURS] = "1"
