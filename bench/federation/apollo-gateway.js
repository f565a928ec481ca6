// Plain Apollo Gateway (Apollo Server 5 standalone) over a supergraph file, as The Guild's
// benchmark runs it: the reference our gateway is built on, without any of our layers.
//   node bench/federation/apollo-gateway.js <supergraph.graphql> <port>   (prints `listening <port>`)
const fs = require('node:fs');
const { ApolloGateway } = require('@apollo/gateway');
const { ApolloServer } = require('@apollo/server');
const { startStandaloneServer } = require('@apollo/server/standalone');

async function main() {
  const [file, port] = process.argv.slice(2);
  const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: fs.readFileSync(file, 'utf8') }) });
  const { url } = await startStandaloneServer(server, { listen: { port: Number(port), host: '127.0.0.1' } });
  console.log(`listening ${new URL(url).port}`);
  for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => server.stop().finally(() => process.exit(0)));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
