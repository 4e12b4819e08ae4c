// Brings @theguild/federation-composition's supergraph in line with what Apollo's composition
// (@apollo/composition) writes, where the two differ in meaning (checked by composing every
// feature folder with both):
//
// 1. A field whose type differs between subgraphs gets the most general of them in the
//    supergraph (`book: Book` in one subgraph, `book: ViewerMedia` in another: `ViewerMedia`),
//    with a `@join__field(graph:, type:)` for every subgraph that defines it. The library picks
//    the narrower type, sometimes without any `@join__field`, so a gateway would plan a field as
//    if it could only return a Book, and the API would lie about what it returns.
// 2. A field that some subgraph declares `@external` (on an `@interfaceObject`, where the library
//    omits them) gets a `@join__field` per subgraph that declares it, `external: true` for the
//    external ones; without any, a gateway reads it as resolved by every subgraph.
//
// Only the lines of the fields it corrects change; the rest of the text stays as composed.
import { createRequire } from "node:module";
import { join } from "node:path";

const FEDERATION_SPEC = "https://specs.apollo.dev/federation/";

export function alignWithApollo(nodeDir, supergraphSdl, services) {
  const require = createRequire(join(nodeDir, "package.json"));
  const graphql = require("graphql");
  const supergraphDoc = graphql.parse(supergraphSdl);
  const schema = graphql.buildASTSchema(supergraphDoc, { assumeValid: true, assumeValidSDL: true });
  const graphEnum = graphEnumValues(graphql, supergraphDoc);
  const declarations = subgraphDeclarations(graphql, services);

  const replacements = new Map(); // "Type.field" -> printed field definition
  for (const definition of supergraphDoc.definitions) {
    const kind = definition.kind;
    if (kind !== graphql.Kind.OBJECT_TYPE_DEFINITION && kind !== graphql.Kind.INTERFACE_TYPE_DEFINITION) continue;
    const typeName = definition.name.value;
    for (const field of definition.fields ?? []) {
      const sources = declarations.get(`${typeName}.${field.name.value}`);
      if (!sources || sources.length === 0) continue;
      const aligned = alignField(graphql, schema, field, sources, graphEnum);
      if (aligned) replacements.set(`${typeName}.${field.name.value}`, aligned);
    }
  }
  return replacements.size === 0 ? supergraphSdl : rewriteLines(supergraphSdl, replacements);
}

// Subgraph name -> its join__Graph enum value.
function graphEnumValues(graphql, doc) {
  const values = new Map();
  for (const definition of doc.definitions) {
    if (definition.kind !== graphql.Kind.ENUM_TYPE_DEFINITION || definition.name.value !== "join__Graph") continue;
    for (const value of definition.values ?? []) {
      const graph = value.directives?.find((d) => d.name.value === "join__graph");
      const name = graph?.arguments?.find((a) => a.name.value === "name");
      if (name) values.set(name.value.value, value.name.value);
    }
  }
  return values;
}

// The local name of the federation directive `@external` in one subgraph (imported, renamed or
// prefixed).
function externalNames(graphql, doc) {
  const names = new Set(["federation__external"]);
  for (const definition of doc.definitions) {
    if (definition.kind !== graphql.Kind.SCHEMA_DEFINITION && definition.kind !== graphql.Kind.SCHEMA_EXTENSION) continue;
    for (const link of definition.directives ?? []) {
      if (link.name.value !== "link") continue;
      const url = link.arguments?.find((a) => a.name.value === "url")?.value;
      if (!url || !String(url.value).startsWith(FEDERATION_SPEC)) continue;
      const imports = link.arguments?.find((a) => a.name.value === "import")?.value;
      for (const item of imports?.values ?? []) {
        if (item.kind === graphql.Kind.STRING && item.value === "@external") names.add("external");
        if (item.kind === graphql.Kind.OBJECT) {
          const name = item.fields.find((f) => f.name.value === "name")?.value?.value;
          const as = item.fields.find((f) => f.name.value === "as")?.value?.value;
          if (name === "@external") names.add((as ?? name).replace(/^@/, ""));
        }
      }
    }
  }
  // A Federation 1 subgraph (no @link) names it plainly.
  if (!doc.definitions.some((d) => (d.directives ?? []).some((x) => x.name.value === "link"))) names.add("external");
  return names;
}

// "Type.field" -> [{graph (subgraph name), type (AST), external}] over every subgraph.
function subgraphDeclarations(graphql, services) {
  const kinds = new Set([
    graphql.Kind.OBJECT_TYPE_DEFINITION,
    graphql.Kind.OBJECT_TYPE_EXTENSION,
    graphql.Kind.INTERFACE_TYPE_DEFINITION,
    graphql.Kind.INTERFACE_TYPE_EXTENSION,
  ]);
  const declarations = new Map();
  for (const service of services) {
    const external = externalNames(graphql, service.typeDefs);
    const isExternal = (node) => (node.directives ?? []).some((d) => external.has(d.name.value));
    for (const definition of service.typeDefs.definitions) {
      if (!kinds.has(definition.kind)) continue;
      const typeExternal = isExternal(definition);
      for (const field of definition.fields ?? []) {
        const key = `${definition.name.value}.${field.name.value}`;
        if (!declarations.has(key)) declarations.set(key, []);
        declarations.get(key).push({ graph: service.name, type: field.type, external: typeExternal || isExternal(field) });
      }
    }
  }
  return declarations;
}

function isSubtype(graphql, schema, sub, sup) {
  const K = graphql.Kind;
  if (sup.kind === K.NON_NULL_TYPE) return sub.kind === K.NON_NULL_TYPE && isSubtype(graphql, schema, sub.type, sup.type);
  if (sub.kind === K.NON_NULL_TYPE) return isSubtype(graphql, schema, sub.type, sup);
  if (sup.kind === K.LIST_TYPE) return sub.kind === K.LIST_TYPE && isSubtype(graphql, schema, sub.type, sup.type);
  if (sub.kind === K.LIST_TYPE) return false;
  if (sub.name.value === sup.name.value) return true;
  const subType = schema.getType(sub.name.value);
  const supType = schema.getType(sup.name.value);
  return Boolean(subType && graphql.isAbstractType(supType) && graphql.isCompositeType(subType) && schema.isSubType(supType, subType));
}

// The supergraph type Apollo gives a field: the subgraph type every other one is a subtype of.
function mergedType(graphql, schema, types) {
  let merged = types[0];
  for (const type of types.slice(1)) {
    if (isSubtype(graphql, schema, type, merged)) continue;
    if (isSubtype(graphql, schema, merged, type)) merged = type;
    else return null; // incompatible: the composer reports it, nothing to align
  }
  return merged;
}

function joinFields(field) {
  return (field.directives ?? []).filter((d) => d.name.value === "join__field");
}

function argument(directive, name) {
  return directive.arguments?.find((a) => a.name.value === name)?.value;
}

function joinField(graphql, graph, extra) {
  const args = [{ kind: graphql.Kind.ARGUMENT, name: { kind: graphql.Kind.NAME, value: "graph" }, value: { kind: graphql.Kind.ENUM, value: graph } }];
  for (const [name, value] of extra) args.push({ kind: graphql.Kind.ARGUMENT, name: { kind: graphql.Kind.NAME, value: name }, value });
  return { kind: graphql.Kind.DIRECTIVE, name: { kind: graphql.Kind.NAME, value: "join__field" }, arguments: args };
}

// The field definition as Apollo's composition writes it, or null when it already is.
function alignField(graphql, schema, field, sources, graphEnum) {
  const print = graphql.print;
  const existing = joinFields(field);
  const resolving = sources.filter((s) => !s.external);
  const types = resolving.map((s) => s.type);
  const allEqual = types.every((t) => print(t) === print(types[0]));
  const merged = allEqual || types.length === 0 ? null : mergedType(graphql, schema, types);
  const retype = merged !== null && print(merged) !== print(field.type);
  const missingTypes = merged !== null && resolving.some((s) => {
    const entry = existing.find((d) => argument(d, "graph")?.value === graphEnum.get(s.graph));
    return !entry || !argument(entry, "type");
  });
  const missingExternal = existing.length === 0 && sources.some((s) => s.external);
  if (!retype && !missingTypes && !missingExternal) return null;

  const directives = (field.directives ?? []).filter((d) => d.name.value !== "join__field");
  const joins = [];
  for (const source of sources) {
    const graph = graphEnum.get(source.graph);
    if (!graph) continue;
    const entry = existing.find((d) => argument(d, "graph")?.value === graph);
    const extra = (entry?.arguments ?? []).filter((a) => a.name.value !== "graph" && a.name.value !== "type" && a.name.value !== "external");
    const pairs = extra.map((a) => [a.name.value, a.value]);
    if (merged !== null) pairs.push(["type", { kind: graphql.Kind.STRING, value: print(source.type) }]);
    if (source.external) pairs.push(["external", { kind: graphql.Kind.BOOLEAN, value: true }]);
    joins.push(joinField(graphql, graph, pairs));
  }
  return print({ ...field, type: merged ?? field.type, directives: [...joins, ...directives], description: undefined });
}

// Replace the one-line field definitions inside their type's block.
function rewriteLines(sdl, replacements) {
  const lines = sdl.split("\n");
  let typeName = null;
  for (let i = 0; i < lines.length; i++) {
    const start = /^(?:type|interface)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(lines[i]);
    if (start) { typeName = start[1]; continue; }
    if (lines[i].startsWith("}")) { typeName = null; continue; }
    if (!typeName) continue;
    const field = /^(\s+)([_A-Za-z][_0-9A-Za-z]*)\s*[(:]/.exec(lines[i]);
    if (!field) continue;
    const replacement = replacements.get(`${typeName}.${field[2]}`);
    if (replacement === undefined) continue;
    if (lines[i].includes("(") && !lines[i].includes(")")) {
      throw new Error(`align: ${typeName}.${field[2]} spans several lines; cannot rewrite it`);
    }
    lines[i] = field[1] + replacement;
    replacements.delete(`${typeName}.${field[2]}`);
  }
  if (replacements.size > 0) throw new Error(`align: fields not found: ${[...replacements.keys()].join(", ")}`);
  return lines.join("\n");
}
