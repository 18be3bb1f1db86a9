# orggraph's shared cache policy for Varnish 7.1 (Debian's `varnish`), included by a file that
# declares the replicas: backends with a health probe and a director named `replicas`
# (deploy/cluster writes one; docs/deploy.md shows it). What it does, and which header drives it:
#
# - stores what the replicas say a shared cache may store: `CDN-Cache-Control` (RFC 9213) gives
#   max-age, stale-while-revalidate and stale-if-error; without it, Cache-Control (s-maxage,
#   max-age) and Varnish's built-in rules apply;
# - keeps `Vary` (Accept, Accept-Encoding, HX-Request, ...): Varnish stores one variant per
#   value of the headers it names;
# - answers `If-None-Match` with a 304 itself, and revalidates an expired copy with the
#   replicas using its ETag (they answer 304 without running anything);
# - tells clients `X-Cache: HIT` / `MISS` / `PASS` (and the standard `Age`);
# - retries another replica when one does not answer (the director moves on), and marks a
#   replica sick after two failed health probes;
# - `BAN` from a replica (server/purge.py) drops every answer without its data version's key.

import std;

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    set req.backend_hint = replicas.backend();
    unset req.http.X-Orggraph-Pass;
    if (req.restarts == 0) {
        unset req.http.X-Orggraph-Fresh;
    } else if (req.http.X-Orggraph-Fresh) {
        # vcl_hit found only a copy too stale to serve: look again without grace (a copy in
        # `keep` still makes the fetch a conditional one).
        set req.grace = 0s;
    }
    if (req.method == "BAN") {
        if (!client.ip ~ purgers) {
            return (synth(403, "Forbidden"));
        }
        # "Drop everything of another data version" (what replicas send after a reload).
        if (req.http.X-Keep-Surrogate-Key ~ "^[A-Za-z0-9_-]+$") {
            if (std.ban("obj.http.Surrogate-Key !~ " + req.http.X-Keep-Surrogate-Key)) {
                return (synth(200, "Banned"));
            }
            return (synth(400, std.ban_error()));
        }
        # "Drop everything tagged with this key" (a commercial CDN's purge by key).
        if (req.http.Surrogate-Key ~ "^[A-Za-z0-9_-]+$") {
            if (std.ban("obj.http.Surrogate-Key ~ " + req.http.Surrogate-Key)) {
                return (synth(200, "Banned"));
            }
            return (synth(400, std.ban_error()));
        }
        return (synth(400, "BAN needs one key in X-Keep-Surrogate-Key or Surrogate-Key"));
    }
    # The service reads no cookies: a browser's cookies for this host must not split the cache.
    unset req.http.Cookie;
    if (req.method == "POST") {
        # Read-only GraphQL: kept so that a retry can send it to another replica.
        std.cache_req_body(128KB);
        return (pass);
    }
    if (req.url ~ "^/graphql(\?|$)" && req.http.Accept ~ "text/html") {
        # A browser: redirected to /graphiql by the replica, never looked up among the JSON.
        return (pass);
    }
    # Then the built-in rules: Host, unusual methods, Authorization.
}

sub vcl_hash {
    # One site: the same URL is the same resource whatever Host the client used.
    hash_data(req.url);
    return (lookup);
}

sub vcl_pass {
    set req.http.X-Orggraph-Pass = "1";
}

sub vcl_hit {
    if (obj.ttl >= 0s) {
        return (deliver);
    }
    # Expired, within stale-while-revalidate: answer now, refresh in the background.
    if (obj.ttl + std.duration(obj.http.X-Orggraph-SWR + "s", 0s) > 0s) {
        return (deliver);
    }
    # Expired and no replica is healthy: within stale-if-error, the last good answer.
    if (!std.healthy(req.backend_hint) && obj.ttl + obj.grace > 0s) {
        return (deliver);
    }
    set req.http.X-Orggraph-Fresh = "1";
    return (restart);
}

sub vcl_backend_response {
    set beresp.http.X-Served-By = beresp.backend.name;
    if (beresp.status >= 502 && beresp.status <= 504 && bereq.retries < 2) {
        return (retry);
    }
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.http.CDN-Cache-Control ~ "max-age=[0-9]+" &&
        beresp.http.Cache-Control !~ "(?i)no-store|private") {
        set beresp.ttl = std.duration(regsub(beresp.http.CDN-Cache-Control,
            "^.*max-age=([0-9]+).*$", "\1") + "s", 0s);
        set beresp.http.X-Orggraph-SWR = "0";
        if (beresp.http.CDN-Cache-Control ~ "stale-while-revalidate=[0-9]+") {
            set beresp.http.X-Orggraph-SWR = regsub(beresp.http.CDN-Cache-Control,
                "^.*stale-while-revalidate=([0-9]+).*$", "\1");
        }
        set beresp.grace = std.duration(beresp.http.X-Orggraph-SWR + "s", 0s);
        if (beresp.http.CDN-Cache-Control ~ "stale-if-error=[0-9]+") {
            set beresp.grace = std.duration(regsub(beresp.http.CDN-Cache-Control,
                "^.*stale-if-error=([0-9]+).*$", "\1") + "s", beresp.grace);
        }
        # Kept past grace for revalidation: Varnish then asks with If-None-Match.
        set beresp.keep = 1h;
        # Stored even with `Cache-Control: no-cache` (viewer pages: browsers revalidate each
        # time, this cache answers their 304s and is purged on every edit).
        return (deliver);
    }
    set beresp.http.X-Orggraph-SWR = "0";
}

sub vcl_backend_error {
    # A replica that does not answer (killed, restarting): try the next one.
    if (bereq.retries < 3) {
        return (retry);
    }
    if (bereq.is_bgfetch) {
        # Keep serving the stale copy rather than replacing it with an error.
        return (abandon);
    }
}

sub vcl_deliver {
    if (req.http.X-Orggraph-Pass) {
        set resp.http.X-Cache = "PASS";
    } else if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.X-Orggraph-SWR;
}
