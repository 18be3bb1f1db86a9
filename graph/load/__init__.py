"""Reading the data directory: YAML with marks, typed field readers, drafts, checks, errors."""
