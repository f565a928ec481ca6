// The four subgraphs of The Guild's federation benchmark (accounts, inventory, products, reviews):
// their SDL (federation 1, as in the original's gateways/cosmo/*.graphql), data and resolvers, in
// one process on one port under /accounts, /inventory, /products and /reviews like the original's
// Rust server. As lean as that server: node:http, the parsed and validated document cached per
// query text, graphql-js execution, and each answer kept by request body: the data never changes,
// so an answer is a pure function of the request, and a repeated request costs about what it costs
// the original's Rust server (a JS execution per fetch would make the subgraphs, on their shared core,
// the bottleneck, rather than the gateway in front, which is what a benchmark measures).
//   node bench/federation/subgraphs.js [--port 4200]   (prints `listening <port>`)
const http = require('node:http');
const { buildSubgraphSchema } = require('@apollo/subgraph');
const { execute, parse, validate } = require('graphql');
const { users, products, inventory, reviews } = require('./data');

const gql = (s) => parse(s[0]);

const typeDefs = {
  accounts: gql`
    extend type Query {
      me: User
      user(id: ID!): User
      users: [User]
    }
    type User @key(fields: "id") {
      id: ID!
      name: String
      username: String
      birthday: Int
    }
  `,
  inventory: gql`
    extend type Product @key(fields: "upc") {
      upc: String! @external
      weight: Int @external
      price: Int @external
      inStock: Boolean
      shippingEstimate: Int @requires(fields: "price weight")
    }
  `,
  products: gql`
    type Product @key(fields: "upc") {
      upc: String!
      name: String
      price: Int
      weight: Int
    }
    extend type Query {
      topProducts(first: Int = 5): [Product]
    }
  `,
  reviews: gql`
    extend type Product @key(fields: "upc") {
      upc: String! @external
      reviews: [Review]
    }
    type Review @key(fields: "id") {
      id: ID!
      body: String
      product: Product
      author: User @provides(fields: "username")
    }
    extend type User @key(fields: "id") {
      id: ID! @external
      username: String @external
      reviews: [Review]
    }
  `,
};

const resolvers = {
  accounts: {
    Query: {
      me: () => users[0],
      user: (_, { id }) => users.find((u) => u.id === id) ?? null,
      users: () => users,
    },
    User: { __resolveReference: ({ id }) => users.find((u) => u.id === id) },
  },
  inventory: {
    Product: {
      // As the original: the entity is found by upc alone, so the required price and weight are
      // not read and shippingEstimate is null (the answer its k6 script expects).
      __resolveReference: ({ upc }) => inventory.find((p) => p.upc === upc),
      shippingEstimate: (p) => (p.price == null ? null : p.price > 1000 ? 0 : p.weight == null ? null : Math.floor(p.weight / 2)),
    },
  },
  products: {
    Query: { topProducts: (_, { first }) => products.slice(0, first ?? 5) },
    Product: { __resolveReference: ({ upc }) => products.find((p) => p.upc === upc) },
  },
  reviews: {
    Review: {
      __resolveReference: ({ id }) => reviews.find((r) => r.id === id),
      author: () => ({ id: '1', username: 'urigo', reviews: reviews.slice(0, 2) }),
    },
    User: { __resolveReference: ({ id }) => ({ id, username: 'user', reviews: reviews.slice(0, 2) }) },
    Product: {
      __resolveReference: ({ upc }) => ({ upc }),
      reviews: ({ upc }) => reviews.filter((r) => r.product.upc === upc),
    },
  },
};

const schemas = Object.fromEntries(Object.keys(typeDefs).map((name) => [`/${name}`, buildSubgraphSchema([{ typeDefs: typeDefs[name], resolvers: resolvers[name] }])]));

/** Parsed and validated documents by path and query text (the gateway sends a handful). */
const documents = new Map();
function documentFor(path, schema, query) {
  const key = `${path}\n${query}`;
  let hit = documents.get(key);
  if (!hit) {
    const document = parse(query);
    const errors = validate(schema, document);
    hit = errors.length ? { errors } : { document };
    if (documents.size > 1000) documents.clear();
    documents.set(key, hit);
  }
  return hit;
}

function reply(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Answers by path and request body (bounded; the gateways send a few dozen distinct bodies). */
const answers = new Map();

function replyText(res, text) {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function handle(req, res) {
  if (req.method === 'GET' && req.url === '/health') return reply(res, 200, { status: 'ok' });
  const schema = schemas[req.url];
  if (!schema || req.method !== 'POST') return reply(res, 404, { errors: [{ message: 'not found' }] });
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const text = Buffer.concat(chunks).toString('utf8');
  const known = answers.get(`${req.url}\n${text}`);
  if (known) return replyText(res, known);
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return reply(res, 400, { errors: [{ message: 'body is not JSON' }] });
  }
  let found;
  try {
    found = documentFor(req.url, schema, String(body.query));
  } catch (err) {
    return reply(res, 400, { errors: [{ message: err.message }] });
  }
  if (found.errors) return reply(res, 400, { errors: found.errors.map((e) => ({ message: e.message })) });
  const result = await execute({ schema, document: found.document, variableValues: body.variables, operationName: body.operationName });
  const answer = JSON.stringify(result);
  if (!result.errors) {
    if (answers.size > 10_000) answers.clear();
    answers.set(`${req.url}\n${text}`, answer);
  }
  replyText(res, answer);
}

/** Starts the four subgraphs on `port` (0: a free one). Resolves to `{ port, urls, close() }`. */
async function startSubgraphs(port = 0, host = '127.0.0.1') {
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => reply(res, 500, { errors: [{ message: err.message }] }));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(port, host, resolve));
  const bound = server.address().port;
  const urls = Object.fromEntries(Object.keys(typeDefs).map((name) => [name, `http://${host}:${bound}/${name}`]));
  return { port: bound, urls, close: () => new Promise((resolve) => server.close(resolve)) };
}

if (require.main === module) {
  const i = process.argv.indexOf('--port');
  startSubgraphs(i > 0 ? Number(process.argv[i + 1]) : 4200).then(({ port }) => console.log(`listening ${port}`));
  for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => process.exit(0));
}

module.exports = { startSubgraphs };
