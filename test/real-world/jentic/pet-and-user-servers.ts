/**
 * Local mocks of the two APIs of Jentic's cross-source fixtures (corpus/jentic/arazzo-engine/runner/tests/test_data:
 * petstore/petstore.openapi.yaml and mock_apis/users.openapi.yaml), each on 127.0.0.1 port 0, holding the data
 * Jentic's own test of that workflow serves (test_workflow_with_multiple_api_sources.py): pets 42 (Fido, a dog)
 * and 7 (Whiskers), and user 42 (fido_owner).
 */
import type { ServerResponse } from 'node:http';
import { type LocalServer, startServer } from '../../../packages/engine/test/http/local-server.js';

const PETS = [
  { id: 42, name: 'Fido', tag: 'dog' },
  { id: 7, name: 'Whiskers' },
];
const USERS = [{ id: 42, username: 'fido_owner' }];

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** The petstore: GET /pets (listPets, a list of {id, name}) and GET /pets/{petId} (showPetById). */
export function startPetstoreServer(): Promise<LocalServer> {
  return startServer((request, response) => {
    const path = new URL(request.url, 'http://petstore.test').pathname;
    if (request.method === 'GET' && path === '/pets') return sendJson(response, 200, PETS.map(({ id, name }) => ({ id, name })));
    const byId = /^\/pets\/(\d+)$/.exec(path);
    const pet = byId === null ? undefined : PETS.find((candidate) => candidate.id === Number(byId[1]));
    if (request.method === 'GET' && pet !== undefined) return sendJson(response, 200, pet);
    sendJson(response, 404, { message: `no ${request.method} ${path}` });
  });
}

/** The user service: GET /users/{userId} (getUserById). */
export function startUsersServer(): Promise<LocalServer> {
  return startServer((request, response) => {
    const path = new URL(request.url, 'http://users.test').pathname;
    const byId = /^\/users\/(\d+)$/.exec(path);
    const user = byId === null ? undefined : USERS.find((candidate) => candidate.id === Number(byId[1]));
    if (request.method === 'GET' && user !== undefined) return sendJson(response, 200, user);
    sendJson(response, 404, { message: `no ${request.method} ${path}` });
  });
}
