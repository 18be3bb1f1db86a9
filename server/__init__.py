"""The Starlette application: configuration, the GraphQL endpoint, GraphiQL, health."""
