// Sends operations through Apollo Client 4 (its HttpLink, as a frontend would) and prints what
// the client hands the application: one JSON line per operation with the data, or the error's
// class (CombinedGraphQLErrors = GraphQL errors; ServerError = an HTTP failure) and the
// GraphQL errors' messages and codes.
// Usage: node apollo_client_errors.mjs URL CASES_JSON [--apq], CASES_JSON = [{"query",
// "variables"}]. With --apq the client sends automatic persisted queries (Apollo's
// PersistedQueryLink, hashed queries over GET) and each line also lists the HTTP exchanges
// ([method, status]) the operation took.
// @apollo/client is resolved from $KOKO_NODE_DIR (default <repo>/.koko/node).
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const nodeDir = process.env.KOKO_NODE_DIR || resolve(here, "..", "..", "..", ".koko", "node");
const require = createRequire(join(nodeDir, "package.json"));
const { ApolloClient, HttpLink, InMemoryCache, gql } = require("@apollo/client");
const { CombinedGraphQLErrors, ServerError } = require("@apollo/client/errors");
const { PersistedQueryLink } = require("@apollo/client/link/persisted-queries");
const { createHash } = require("node:crypto");

const [url, casesJson, mode] = process.argv.slice(2);
let exchanges = [];
const loggingFetch = async (input, init) => {
  const response = await fetch(input, init);
  exchanges.push([init?.method ?? "GET", response.status]);
  return response;
};
let link = new HttpLink({ uri: url, fetch: loggingFetch });
if (mode === "--apq") {
  const sha256 = (query) => createHash("sha256").update(query).digest("hex");
  link = new PersistedQueryLink({ sha256, useGETForHashedQueries: true }).concat(link);
}
const client = new ApolloClient({ link, cache: new InMemoryCache() });

for (const { query, variables } of JSON.parse(casesJson)) {
  const line = { query };
  exchanges = [];
  try {
    const result = await client.query({ query: gql(query), variables, fetchPolicy: "no-cache" });
    line.data = result.data;
  } catch (error) {
    line.errorClass = CombinedGraphQLErrors.is(error)
      ? "CombinedGraphQLErrors"
      : ServerError.is(error)
        ? "ServerError"
        : error.name;
    line.message = error.message;
    if (CombinedGraphQLErrors.is(error)) {
      line.errors = error.errors.map((e) => ({ message: e.message, code: e.extensions?.code }));
    }
    if (ServerError.is(error)) line.statusCode = error.statusCode;
  }
  line.http = exchanges;
  process.stdout.write(JSON.stringify(line) + "\n");
}
