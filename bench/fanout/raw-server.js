// The ceiling: a bare ws server speaking just enough graphql-transport-ws to be subscribed to, that
// broadcasts each payload POSTed to /tick (serialised once, id spliced per subscriber).
const http = require('node:http');
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2] || 0);
const subs = new Set();
const server = http.createServer((req, res) => {
  if (req.method !== 'POST') return res.end(JSON.stringify({ subscribers: subs.size }));
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    const tail = Buffer.from(`,"payload":${body}}`);
    const head = Buffer.from('{"type":"next","id":');
    for (const s of subs) s.ws.send(Buffer.concat([head, s.idJson, tail]), { binary: false });
    res.end('ok');
  });
});
const wss = new WebSocketServer({ server, path: '/graphql' });
wss.on('connection', (ws) => {
  ws.on('message', (raw) => {
    const m = JSON.parse(raw.toString());
    if (m.type === 'connection_init') ws.send('{"type":"connection_ack"}');
    else if (m.type === 'subscribe') {
      const s = { ws, idJson: Buffer.from(JSON.stringify(m.id)) };
      subs.add(s);
      ws.on('close', () => subs.delete(s));
    }
  });
});
server.listen(port, '127.0.0.1', () => process.stdout.write(`READY ${server.address().port}\n`));
