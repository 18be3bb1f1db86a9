"""The server-rendered, htmx-enhanced viewer mounted at `/`."""
