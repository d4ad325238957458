/**
 * `loom run --dry-run` for an asynchronous step: the message a send would publish (channel,
 * headers, payload as it would be encoded) or the channel a receive would wait on, with what only
 * a run can know kept as its expression. Nothing connects to a broker.
 */
import { encodeRequestBody } from '../request/request-body.js';
import type { MessageStepPlan } from './message-step-plan.js';
import type { WorkflowContext } from './plan.js';
import type { PlannedRequest } from './dry-run.js';

/** What a planned message shows: `SEND` or `RECEIVE` in place of the method, `<broker>#<channel>` in place of the URL. */
export function planMessage(
  target: MessageStepPlan,
  context: WorkflowContext,
  servers: Readonly<Record<string, string>>,
  onSecret: (value: string) => void,
): Omit<PlannedRequest, 'workflowId' | 'stepId'> {
  const method = target.action.toUpperCase();
  const written = target.operation.channel.address ?? target.operation.channel.name;
  const channel = written.replace(/\{([^}]+)\}/g, (placeholder, name: string) => {
    const value = target.channelParameters.find((parameter) => parameter.name === name)?.value.preview(context);
    return value === undefined || value === null || typeof value === 'object' ? placeholder : String(value);
  });
  const server = Object.hasOwn(servers, target.sourceName) ? servers[target.sourceName]! : (target.operation.servers[0]?.url ?? `(no server: --server ${target.sourceName}=<url>)`);
  const url = `${hideUserInfo(server, onSecret)}#${channel}`;
  const headers: Record<string, string> = {};
  for (const header of target.headers) {
    const value = header.value.preview(context);
    if (value === undefined) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (header.secret) onSecret(text);
    Object.defineProperty(headers, header.name, { value: text, enumerable: true, writable: true, configurable: true });
  }
  if (target.action === 'receive' || target.payload === undefined) return { method, url, headers };
  const payload = target.payload.preview(context);
  if (payload === undefined) return { method, url, headers, problem: `the payload has no value: ${target.payload.explainMissing(context) ?? 'missing'}` };
  const encoded = encodeRequestBody(target.contentType, payload);
  if (!encoded.ok) return { method, url, headers, problem: encoded.error.message };
  const body = encoded.value.body;
  return { method, url, headers: { ...headers, 'content-type': target.contentType }, body: typeof body === 'string' ? body : `(${body instanceof Uint8Array ? body.byteLength : 0} bytes)` };
}

/** A broker URL's password joins the secrets, and its user info shows as `****@` (DECISIONS D31). */
function hideUserInfo(text: string, onSecret: (value: string) => void): string {
  try {
    const url = new URL(text);
    if (url.username === '' && url.password === '') return text;
    if (url.password !== '') onSecret(url.password);
    return text.replace(/\/\/[^@/]*@/, '//****@');
  } catch {
    return text;
  }
}
