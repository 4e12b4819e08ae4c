// Runs the GraphQL over HTTP specification's server audits (npm `graphql-http`) against one or
// more GraphQL endpoints and prints one JSON line per audit: {url, id, name, status, reason}.
// Usage: node http_audit.mjs http://127.0.0.1:4000/graphql [more URLs]. Exit code 0 when every
// audit is "ok", 1 otherwise. $KOKO_AUDIT_HEADERS (a JSON object) is added to every request, e.g.
// the gateway's signed identity, without which a Koko subgraph answers nothing. The library is resolved from $KOKO_NODE_DIR (default
// <repo>/.koko/node), where `make` installs deploy/federation's pinned lockfile.
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const nodeDir = process.env.KOKO_NODE_DIR || resolve(here, "..", "..", ".koko", "node");
const require = createRequire(join(nodeDir, "package.json"));
const { serverAudits } = require("graphql-http");

const urls = process.argv.slice(2);
if (urls.length === 0) {
  process.stderr.write("usage: node http_audit.mjs URL [URL...]\n");
  process.exit(2);
}

const extra = JSON.parse(process.env.KOKO_AUDIT_HEADERS || "{}");
const fetchWithHeaders = (input, init = {}) => {
  const headers = new Headers(init.headers || {});
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return fetch(input, { ...init, headers });
};

let failed = false;
for (const url of urls) {
  for (const audit of serverAudits({ url, fetchFn: fetchWithHeaders })) {
    let result;
    try {
      result = await audit.fn();
    } catch (error) {
      result = { status: "error", reason: `audit threw: ${error}` };
    }
    if (result.status !== "ok") failed = true;
    const line = { url, id: audit.id, name: audit.name, status: result.status };
    if (result.status !== "ok") line.reason = result.reason;
    process.stdout.write(JSON.stringify(line) + "\n");
  }
}
process.exit(failed ? 1 : 0);
