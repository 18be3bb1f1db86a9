// Drives Apollo Client 4 (InMemoryCache + relayStylePagination) against a live orggraph server:
// forward and backward pagination with fetchMore, and a `node` refetch of every Node type.
//
//   node tests/client/apollo_walk.mjs http://127.0.0.1:PORT/graphql
//
// Prints one JSON object (what tests/client/test_apollo.py checks) and exits 1 on any failure.
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { relayStylePagination } from "@apollo/client/utilities";

const url = process.argv[2];
if (!url) throw new Error("usage: apollo_walk.mjs GRAPHQL_URL");

const POSSIBLE_TYPES = gql`
  query PossibleTypes {
    __schema { types { kind name possibleTypes { name } } }
  }
`;

const UNITS = gql`
  query Units($first: Int, $after: String, $last: Int, $before: String) {
    entities(kind: [UNIT], first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id slug } }
    }
  }
`;

const OFFICES = gql`
  query Offices($first: Int, $after: String, $last: Int, $before: String) {
    offices(first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id slug coordinatesSubregion } }
    }
  }
`;

const SAMPLES = gql`
  query Samples {
    organization { id }
    offices(first: 1) { nodes { id } }
    committees { id }
    positions { id }
    countries { id }
  }
`;

const NODE = gql`
  query Refetch($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Entity { slug name }
      ... on Office { coordinatesSubregion }
      ... on Committee { members { id } }
      ... on Position { slug title }
      ... on Country { code name }
    }
  }
`;

function fail(message) {
  throw new Error(message);
}

async function possibleTypes() {
  // Apollo needs the interface -> types map to match fragments on `Entity` and `Node`.
  const bootstrap = new ApolloClient({ link: new HttpLink({ uri: url }), cache: new InMemoryCache() });
  const { data } = await bootstrap.query({ query: POSSIBLE_TYPES });
  const map = {};
  for (const type of data.__schema.types) {
    if (type.possibleTypes) map[type.name] = type.possibleTypes.map((t) => t.name);
  }
  return map;
}

function client(possible) {
  return new ApolloClient({
    link: new HttpLink({ uri: url, headers: { "apollographql-client-name": "orggraph-tests" } }),
    cache: new InMemoryCache({
      possibleTypes: possible,
      typePolicies: {
        Query: {
          fields: {
            entities: relayStylePagination(["kind", "family", "under", "country"]),
            offices: relayStylePagination(["kind", "country", "subregion"]),
          },
        },
      },
    }),
  });
}

// Watches a query, then calls fetchMore until the list ends in `direction`; returns the merged
// edges the watching component is shown (relayStylePagination merges the pages in the cache) and
// how many requests it took.
async function walk(apollo, query, field, direction, size) {
  const forward = direction === "forward";
  const variables = forward ? { first: size } : { last: size };
  const observable = apollo.watchQuery({ query, variables, fetchPolicy: "network-only" });
  let shown = null; // what the subscriber last received
  const subscription = observable.subscribe({
    next: (result) => {
      if (result.data) shown = result.data[field];
    },
    error: (e) => fail(String(e)),
  });
  try {
    await observable.refetch();
    let requests = 1;
    const merged = () => apollo.readQuery({ query, variables })[field];
    for (;;) {
      const info = merged().pageInfo;
      if (forward ? !info.hasNextPage : !info.hasPreviousPage) break;
      if (requests > 50) fail(`${field}: no end after 50 pages`);
      await observable.fetchMore({
        variables: forward
          ? { first: size, after: info.endCursor }
          : { last: size, before: info.startCursor },
      });
      requests += 1;
    }
    const connection = merged();
    // The cache broadcasts the merged list to the subscriber on a later tick.
    for (let tick = 0; tick < 100 && shown?.edges.length !== connection.edges.length; tick++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    if (shown?.edges.length !== connection.edges.length) fail(`${field}: the watcher never saw the merged list`);
    return { requests, total: connection.totalCount, slugs: connection.edges.map((e) => e.node.slug) };
  } finally {
    subscription.unsubscribe();
  }
}

async function paginate(possible, query, field, size) {
  const forward = await walk(client(possible), query, field, "forward", size);
  const backward = await walk(client(possible), query, field, "backward", size);
  if (forward.slugs.length !== forward.total) fail(`${field}: forward merged ${forward.slugs.length} of ${forward.total}`);
  if (new Set(forward.slugs).size !== forward.total) fail(`${field}: forward repeated an item`);
  if (JSON.stringify(forward.slugs) !== JSON.stringify(backward.slugs)) fail(`${field}: backward order differs from forward`);
  return { total: forward.total, forwardRequests: forward.requests, backwardRequests: backward.requests, first: forward.slugs[0], last: forward.slugs.at(-1) };
}

async function refetchEveryNodeType(possible) {
  const apollo = client(possible);
  const { data } = await apollo.query({ query: SAMPLES });
  const ids = [
    data.organization.id,
    data.offices.nodes[0].id,
    data.committees.at(-1).id,
    data.positions[0].id,
    data.countries[0].id,
  ];
  const refetched = {};
  for (const id of ids) {
    const { data: found } = await apollo.query({ query: NODE, variables: { id }, fetchPolicy: "network-only" });
    const node = found.node ?? fail(`node(${id}) is null`);
    if (node.id !== id) fail(`node(${id}) answered id ${node.id}`);
    const cacheId = apollo.cache.identify(node);
    if (cacheId !== `${node.__typename}:${id}`) fail(`cache key ${cacheId} for ${node.__typename}`);
    // Normalized: the list query's object and the refetched one are the same cache entry.
    const entry = apollo.cache.extract()[cacheId] ?? fail(`${cacheId} is not in the cache`);
    if (entry.id !== id) fail(`${cacheId} cached with id ${entry.id}`);
    refetched[node.__typename] = node.slug ?? node.code;
  }
  return refetched;
}

const possible = await possibleTypes();
for (const name of ["Node", "Entity"]) {
  if (!possible[name]) fail(`no possible types for ${name}`);
}
const summary = {
  units: await paginate(possible, UNITS, "entities", 20),
  offices: await paginate(possible, OFFICES, "offices", 7),
  refetched: await refetchEveryNodeType(possible),
  nodeTypes: possible.Node.sort(),
};
console.log(JSON.stringify(summary));
