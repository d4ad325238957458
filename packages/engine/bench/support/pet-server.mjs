// The benchmarks' API: a node:http server on 127.0.0.1 (port 0) in its own
// process, so on a multi-core machine it does not compete with the client
// being measured. Started with child_process.fork(); it sends { url } once
// listening, answers { type: 'count' } with the number of requests received
// and by method + path shape, and exits when the parent disconnects.
import { createServer } from 'node:http';

const counts = { total: 0, 'POST /pets': 0, 'GET /pets/{id}': 0, other: 0 };
const pets = new Map();

const server = createServer((request, response) => {
  counts.total++;
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    response.setHeader('content-type', 'application/json');
    if (request.method === 'POST' && request.url === '/pets') {
      counts['POST /pets']++;
      let pet;
      try {
        pet = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        pet = undefined;
      }
      if (typeof pet?.name !== 'string') {
        response.statusCode = 400;
        response.end('{"error":"name is required"}');
        return;
      }
      const created = { id: pets.size + 1, name: pet.name, tag: pet.tag, status: 'available' };
      pets.set(created.id, created);
      response.statusCode = 201;
      response.end(JSON.stringify(created));
      return;
    }
    const match = request.method === 'GET' ? /^\/pets\/(\d+)$/.exec(request.url ?? '') : null;
    if (match) {
      counts['GET /pets/{id}']++;
      const pet = pets.get(Number(match[1]));
      response.statusCode = pet ? 200 : 404;
      response.end(JSON.stringify(pet ?? { error: 'no such pet' }));
      return;
    }
    counts.other++;
    response.statusCode = 404;
    response.end('{"error":"not found"}');
  });
});

server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.send?.({ type: 'listening', url: `http://127.0.0.1:${port}` });
});
process.on('message', (message) => {
  if (message?.type === 'count') process.send?.({ type: 'count', counts: { ...counts } });
});
process.on('disconnect', () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});
