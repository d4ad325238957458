import type { AsyncApiOperation, AsyncApiSource } from './asyncapi-types.js';

/** How an AsyncAPI step names its operation (Arazzo 1.1.0 §Step Object: `operationId`, or `channelPath` with `action`). */
export type AsyncApiReference = { readonly operationId: string } | { readonly channelPath: string; readonly action: 'send' | 'receive' };

export type AsyncApiResolution = { readonly operation: AsyncApiOperation; readonly error?: undefined } | { readonly operation?: undefined; readonly error: string };

/**
 * Finds the operation a step names in `source` (DECISIONS D73). `operationId` is the operation's key;
 * `channelPath` is a JSON Pointer to a channel (`#/channels/<name>`, written after the source reference),
 * and the operation is the one on that channel with the step's `action`.
 */
export function resolveAsyncApiOperation(source: AsyncApiSource, reference: AsyncApiReference): AsyncApiResolution {
  if ('operationId' in reference) {
    const operation = source.operations.get(reference.operationId);
    if (operation !== undefined) return { operation };
    return { error: `the AsyncAPI source '${source.name}' has no operation '${reference.operationId}'${known(source)}` };
  }
  const hash = reference.channelPath.indexOf('#');
  const pointer = hash === -1 ? reference.channelPath : reference.channelPath.slice(hash + 1);
  const onChannel = [...source.operations.values()].filter((operation) => operation.channel.pointer === pointer);
  if (onChannel.length === 0) {
    const channels = [...new Set([...source.operations.values()].map((operation) => `#${operation.channel.pointer}`))];
    return { error: `the AsyncAPI source '${source.name}' has no operation on the channel '#${pointer}'${channels.length > 0 ? ` (channels with operations: ${channels.join(', ')})` : ''}` };
  }
  const matching = onChannel.filter((operation) => operation.action === reference.action);
  if (matching.length === 1) return { operation: matching[0]! };
  if (matching.length === 0) {
    return { error: `no operation on the channel '#${pointer}' of the AsyncAPI source '${source.name}' has action '${reference.action}' (it has: ${onChannel.map((operation) => `${operation.operationId} (${operation.action})`).join(', ')})` };
  }
  return { error: `${matching.length} operations on the channel '#${pointer}' of the AsyncAPI source '${source.name}' have action '${reference.action}' (${matching.map((operation) => operation.operationId).join(', ')}); name one with operationId` };
}

function known(source: AsyncApiSource): string {
  const ids = [...source.operations.keys()];
  return ids.length === 0 ? ' (it defines none)' : ` (it has: ${ids.join(', ')})`;
}
