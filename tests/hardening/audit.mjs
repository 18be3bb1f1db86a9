// Runs graphql-http's GraphQL-over-HTTP conformance audits against a running server.
// Usage: node tests/hardening/audit.mjs http://127.0.0.1:8000/graphql
// Prints one JSON object: {"results": [{id, name, status, reason}], "summary": "..."}.
import { serverAudits } from "graphql-http";

const url = process.argv[2];
if (!url) {
  console.error("usage: node audit.mjs <graphql endpoint URL>");
  process.exit(2);
}
const results = [];
for (const audit of serverAudits({ url })) {
  const result = await audit.fn();
  results.push({ id: audit.id, name: audit.name, status: result.status, reason: result.reason ?? null });
}
const count = (status) => results.filter((r) => r.status === status).length;
const summary =
  `${count("ok")} audits passed, ${count("warn")} warnings (SHOULD), ` +
  `${count("error")} errors (MUST), ${count("notice")} notices (MAY) of ${results.length}`;
console.log(JSON.stringify({ results, summary }));
