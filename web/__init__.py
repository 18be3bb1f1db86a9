"""HTTP pieces shared by `/graphql` and the viewer, below both: the response cache, ETags."""
