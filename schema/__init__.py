"""GraphQL types of the public API, one module per family."""
