// Prints Apollo's query plan (npm @apollo/query-planner, the reference planner) for supergraph
// and operation pairs, to compare the gateway's plans with.
// Usage: node apollo_plans.mjs cases.json, where cases.json is [{"id", "supergraph" (a path),
// "operation" (text)}]. Prints one JSON line per case: {id, plan (prettyFormatQueryPlan's text),
// fetches (Fetch nodes), depth (sequential steps on the longest path)} or {id, error}.
// The libraries are resolved from $KOKO_NODE_DIR (default <repo>/.koko/node), where `make`
// installs deploy/federation's pinned lockfile.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const nodeDir = process.env.KOKO_NODE_DIR || resolve(here, "..", "..", ".koko", "node");
const require = createRequire(join(nodeDir, "package.json"));
const {
  Supergraph,
  operationFromDocument,
  ROUTER_SUPPORTED_SUPERGRAPH_FEATURES,
} = require("@apollo/federation-internals");
const { QueryPlanner, prettyFormatQueryPlan } = require("@apollo/query-planner");
const { parse } = require("graphql");

// Fetch nodes and sequential steps: a Sequence adds its children's depths, a Parallel (and a
// Condition's branches, and a Defer's parts) takes the deepest.
function cost(node) {
  if (!node) return { fetches: 0, depth: 0 };
  switch (node.kind) {
    case "Fetch":
      return { fetches: 1, depth: 1 };
    case "Flatten":
      return cost(node.node);
    case "Sequence":
    case "Parallel": {
      const parts = node.nodes.map(cost);
      const fetches = parts.reduce((sum, p) => sum + p.fetches, 0);
      const depths = parts.map((p) => p.depth);
      const depth =
        node.kind === "Sequence" ? depths.reduce((a, b) => a + b, 0) : Math.max(0, ...depths);
      return { fetches, depth };
    }
    case "Condition": {
      const parts = [cost(node.ifClause), cost(node.elseClause)];
      return {
        fetches: Math.max(...parts.map((p) => p.fetches)),
        depth: Math.max(...parts.map((p) => p.depth)),
      };
    }
    case "Defer": {
      const primary = cost(node.primary.node);
      const deferred = node.deferred.map((d) => cost(d.node));
      return {
        fetches: primary.fetches + deferred.reduce((sum, p) => sum + p.fetches, 0),
        depth: primary.depth + Math.max(0, ...deferred.map((p) => p.depth)),
      };
    }
    default:
      throw new Error(`unknown plan node ${node.kind}`);
  }
}

if (process.argv.length !== 3) {
  process.stderr.write("usage: node apollo_plans.mjs cases.json\n");
  process.exit(2);
}
const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));
const planners = new Map();
for (const { id, supergraph, operation } of cases) {
  try {
    if (!planners.has(supergraph)) {
      const built = Supergraph.build(readFileSync(supergraph, "utf8"), {
        // The features the router supports (@context, @policy, ...), as Apollo's own tests.
        supportedFeatures: ROUTER_SUPPORTED_SUPERGRAPH_FEATURES,
      });
      planners.set(supergraph, new QueryPlanner(built));
    }
    const planner = planners.get(supergraph);
    const document = parse(operation);
    const op = operationFromDocument(planner.supergraph.schema.toAPISchema(), document, {
      validate: true,
    });
    const plan = planner.buildQueryPlan(op);
    process.stdout.write(
      JSON.stringify({ id, plan: prettyFormatQueryPlan(plan), ...cost(plan.node) }) + "\n",
    );
  } catch (error) {
    process.stdout.write(JSON.stringify({ id, error: String(error && error.message) }) + "\n");
  }
}
