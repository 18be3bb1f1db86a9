"""The GraphQL API assembled: the root `Query` over `resolvers/` and the one `Schema` object."""
