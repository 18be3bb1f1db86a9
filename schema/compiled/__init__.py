"""The compiled read path: a validated query run as a tree of closures (see execute.py)."""
