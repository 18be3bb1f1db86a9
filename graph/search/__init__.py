"""Full-text search over the graph: folding, postings, ranking, selection and the index."""
