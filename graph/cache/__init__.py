"""The parsed-data cache: a store of loaded graphs on disk and the codec of their records."""
