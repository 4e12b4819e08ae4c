// Composes a Federation v2 supergraph with @theguild/federation-composition.
//
// Input: JSON `{"subgraphs": [{"name": "offers", "url": "http://...", "sdl": "..."}]}` on stdin,
// or the path of such a JSON file as the only argument. Output: the supergraph SDL on stdout, or
// the composition errors on stderr and exit code 1. The library is resolved from
// $KOKO_NODE_DIR (default: <repo>/.koko/node), where `make` installs the pinned lockfile.
// The result is then aligned with what Apollo's composition writes where the library differs in
// meaning (`align.mjs`).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { alignWithApollo } from "./align.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const nodeDir = process.env.KOKO_NODE_DIR || resolve(here, "..", "..", ".koko", "node");
// Both packages from the same folder, so the parsed document and the composer share one graphql.
const require = createRequire(join(nodeDir, "package.json"));
const { parse } = require("graphql");
const { composeServices } = require("@theguild/federation-composition");

const raw = process.argv[2] ? readFileSync(process.argv[2], "utf8") : readFileSync(0, "utf8");
const input = JSON.parse(raw);
const subgraphs = input.subgraphs ?? input;

let services;
try {
  services = subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) }));
} catch (error) {
  process.stderr.write(`invalid subgraph SDL: ${error.message}\n`);
  process.exit(1);
}

const result = composeServices(services);
if (result.errors && result.errors.length > 0) {
  for (const error of result.errors) {
    const code = error.extensions?.code ? `[${error.extensions.code}] ` : "";
    process.stderr.write(`${code}${error.message}\n`);
  }
  process.exit(1);
}
let supergraphSdl;
try {
  supergraphSdl = alignWithApollo(nodeDir, result.supergraphSdl, services);
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
process.stdout.write(supergraphSdl.endsWith("\n") ? supergraphSdl : `${supergraphSdl}\n`);
