// Composes subgraphs with Apollo's composition (npm @apollo/composition, the reference composer)
// and prints what a supergraph means, to compare Koko's composed supergraphs with.
// Usage: node apollo_composition.mjs cases.json, where cases.json is [{"id", "supergraph" (a path:
// the committed supergraph), "subgraphs": [{"name", "url", "sdl"}]}]. Prints one JSON line per
// case: {id, apollo, committed} (both as sorted lines: each type and field with its type and its
// join/federation directives, field sets and arguments in one canonical form) or {id, error}.
// The libraries are resolved from $KOKO_NODE_DIR (default <repo>/.koko/node).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const nodeDir = process.env.KOKO_NODE_DIR || resolve(here, "..", "..", ".koko", "node");
const require = createRequire(join(nodeDir, "package.json"));
const { composeServices } = require("@apollo/composition");
const { parse, print, Kind } = require("graphql");

const KEPT = new Set(["inaccessible", "tag", "cost", "listSize", "authenticated", "requiresScopes", "policy", "context"]);
const FIELD_SETS = new Set(["key", "requires", "provides", "fields"]);

// A field set in one spelling: `a{b}` and `a { b }` alike.
function fieldSet(text) {
  try {
    return print(parse(`{${text}}`).definitions[0].selectionSet).replace(/\s+/g, " ");
  } catch {
    return text;
  }
}

function directive(node) {
  const args = (node.arguments ?? [])
    .map((a) => {
      let value = print(a.value);
      if (a.value.kind === Kind.STRING && FIELD_SETS.has(a.name.value)) value = JSON.stringify(fieldSet(a.value.value));
      return [a.name.value, value];
    })
    // Arguments at their default say nothing.
    .filter(([name, value]) => !(name === "resolvable" && value === "true") && !(name === "extension" && value === "false"))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}: ${value}`);
  return `@${node.name.value}(${args.join(", ")})`;
}

function directives(node) {
  return (node.directives ?? [])
    .filter((d) => d.name.value.startsWith("join__") || KEPT.has(d.name.value))
    .map(directive)
    .sort()
    .join(" ");
}

export function meaning(sdl) {
  const lines = [];
  for (const d of parse(sdl).definitions) {
    if (!d.name || d.kind === Kind.DIRECTIVE_DEFINITION || d.kind === Kind.SCHEMA_DEFINITION) continue;
    if (d.name.value.startsWith("join__") || d.name.value.startsWith("link__")) continue;
    const members = d.types ? ` = ${d.types.map((t) => t.name.value).sort().join(" | ")}` : "";
    const interfaces = d.interfaces?.length ? ` implements ${d.interfaces.map((t) => t.name.value).sort().join(" & ")}` : "";
    lines.push(`${d.name.value}${members}${interfaces} ${directives(d)}`.trim());
    for (const f of d.fields ?? d.values ?? []) {
      const args = (f.arguments ?? [])
        .map((a) => `${a.name.value}: ${print(a.type)}${a.defaultValue ? ` = ${print(a.defaultValue)}` : ""} ${directives(a)}`.trim())
        .join(", ");
      const type = f.type ? `: ${print(f.type)}` : "";
      lines.push(`${d.name.value}.${f.name.value}${args ? `(${args})` : ""}${type} ${directives(f)}`.trim());
    }
  }
  return lines.sort();
}

const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));
for (const c of cases) {
  try {
    const result = composeServices(c.subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
    if (result.errors && result.errors.length > 0) {
      console.log(JSON.stringify({ id: c.id, error: result.errors.map((e) => e.message).join("\n") }));
      continue;
    }
    const committed = meaning(readFileSync(c.supergraph, "utf8"));
    console.log(JSON.stringify({ id: c.id, apollo: meaning(result.supergraphSdl), committed }));
  } catch (error) {
    console.log(JSON.stringify({ id: c.id, error: String(error?.stack ?? error) }));
  }
}
