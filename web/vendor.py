"""The pinned browser files orggraph serves, and where an installed copy keeps them.

They come from npm (package.json, package-lock.json), never from a copy in git. In a checkout
they are read from `node_modules/` (`make setup`); a wheel carries a copy, made at build time by
`setup.py`, in `web/_vendor/` (same relative paths), which is the default when there is no
checkout around the code. This module imports only the standard library: `setup.py` reads it
before any dependency is installed.
"""

from __future__ import annotations

from pathlib import Path

# URL path under /static/vendor/ -> path under the assets directory (versions: package-lock.json).
GRAPHIQL_FILES = {
    "react/react.production.min.js": "react/umd/react.production.min.js",
    "react-dom/react-dom.production.min.js": "react-dom/umd/react-dom.production.min.js",
    "graphiql/graphiql.min.js": "graphiql/graphiql.min.js",
    "graphiql/graphiql.min.css": "graphiql/graphiql.min.css",
    "plugin-explorer/index.umd.js": "@graphiql/plugin-explorer/dist/index.umd.js",
    "plugin-explorer/style.css": "@graphiql/plugin-explorer/dist/style.css",
}
# The viewer's one third-party script (served under /static/viewer/).
HTMX_FILE = "htmx.org/dist/htmx.min.js"
# Shipped beside the code they cover (the explorer has no LICENSE file: its package.json
# states the license, MIT).
LICENSES = (
    "react/LICENSE",
    "react-dom/LICENSE",
    "graphiql/LICENSE",
    "@graphiql/plugin-explorer/package.json",
    "htmx.org/LICENSE",
)
# Every file a wheel must carry, as paths under node_modules/.
BUNDLED = (*GRAPHIQL_FILES.values(), HTMX_FILE, *LICENSES)

BUNDLE_DIR = Path(__file__).resolve().parent / "_vendor"
