/**
 * A local mock of the parts of Redocly's museum API (corpus/Redocly/museum-openapi-example/openapi.yaml)
 * that the corpus's museum workflows call, on 127.0.0.1 port 0, answering as the API describes:
 * Basic authentication on every operation (its MuseumPlaceholderAuth scheme), JSON bodies,
 * the documented status codes, and what it received recorded for the test to assert.
 */
import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { type LocalServer, type ReceivedRequest, startServer } from '../../../packages/engine/test/http/local-server.js';

export interface MuseumServer extends LocalServer {
  /** The ticketIds the mock issued, in order. */
  readonly tickets: readonly string[];
}

/** Ticket types of the API's TicketType schema. */
const TICKET_TYPES = new Set(['event', 'general']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function problem(response: ServerResponse, status: number, title: string, detail: string): void {
  sendJson(response, status, { type: 'object', title, detail });
}

function parseJsonObject(request: ReceivedRequest): Record<string, unknown> | undefined {
  if (!(request.headers['content-type'] ?? '').startsWith('application/json')) return undefined;
  try {
    const value: unknown = JSON.parse(request.body.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** POST /tickets (buyMuseumTickets): a BuyMuseumTickets body in, a MuseumTicketsConfirmation out, 201. */
function buyMuseumTickets(request: ReceivedRequest, response: ServerResponse, tickets: string[]): void {
  const body = parseJsonObject(request);
  if (body === undefined) return problem(response, 400, 'Validation failed', 'the request body must be a JSON object');
  const { ticketType, ticketDate, email, eventId } = body;
  if (typeof ticketType !== 'string' || !TICKET_TYPES.has(ticketType)) return problem(response, 400, 'Validation failed', 'ticketType must be event or general');
  if (typeof ticketDate !== 'string' || !ISO_DATE.test(ticketDate)) return problem(response, 400, 'Validation failed', 'ticketDate must be a date (YYYY-MM-DD)');
  if (email !== undefined && typeof email !== 'string') return problem(response, 400, 'Validation failed', 'email must be a string');
  if (ticketType === 'event' && typeof eventId !== 'string') return problem(response, 400, 'Validation failed', 'an event ticket needs an eventId');
  const ticketId = randomUUID();
  tickets.push(ticketId);
  sendJson(response, 201, {
    message: ticketType === 'general' ? 'Museum general entry ticket purchased' : 'Museum special event ticket purchased',
    ticketId,
    ticketType,
    ticketDate,
    confirmationCode: `ticket-${ticketType}-${ticketId.slice(0, 6)}`,
  });
}

export async function startMuseumServer(): Promise<MuseumServer> {
  const tickets: string[] = [];
  const server = await startServer((request, response) => {
    // The API's only security scheme, MuseumPlaceholderAuth, is HTTP basic.
    if (!/^Basic \S*$/.test(request.headers.authorization ?? '')) return problem(response, 401, 'Unauthorized', 'Basic authentication is required');
    const path = new URL(request.url, 'http://museum.test').pathname;
    if (path === '/tickets' && request.method === 'POST') return buyMuseumTickets(request, response, tickets);
    problem(response, 404, 'Not found', `no operation for ${request.method} ${path}`);
  });
  return Object.assign(server, { tickets });
}
