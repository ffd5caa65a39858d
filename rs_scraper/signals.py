"""The project's own Scrapy signals (sent with ``crawler.signals.send_catch_log``)."""

# Sent by pipelines.parquet.ParquetPipeline before it stores a batch of rows. A receiver that must be done
# first (the WARC archive: a row may only exist once the record it joins is written) does it in its handler;
# a receiver that fails stops the batch from being stored.
rows_will_be_stored = object()
