"""Plain typed functions that answer GraphQL fields from the graph in the request context."""
