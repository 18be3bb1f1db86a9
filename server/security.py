"""Security headers: every response gets them (docs/security.md explains each choice).

The viewer's pages hold no inline script or style and load everything from this origin, so
their policy allows only 'self': an injected `<script>` or `style` attribute would not run even
if escaping ever failed. GraphiQL's page (`GRAPHIQL_CSP`) differs in one directive: its
stylesheet embeds its fonts as `data:` URLs, so `font-src` allows `data:` there and only there.
Scripts and styles stay 'self'-only on it too (checked in headless Chromium: GraphiQL 3 sets its
run-time styles through the CSSOM, which CSP allows; the one `<style>` it injects, a scroll lock
while a dialog is open, is refused without visible effect on its full-window page).
"""

from __future__ import annotations

VIEWER_CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)

GRAPHIQL_CSP = VIEWER_CSP.replace("font-src 'self'", "font-src 'self' data:")

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", VIEWER_CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)
