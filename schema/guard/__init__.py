"""The request guard: what one GraphQL operation may ask (tokens, depth, aliases, cost, time)."""
