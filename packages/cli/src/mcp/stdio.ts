import type { Readable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createMcpServer, type McpServerOptions } from './server.js';

/**
 * Serves MCP over the command's stdin and stdout until stdin ends (the client went away) or `stop`
 * aborts. Nothing else may write to stdout: it is the protocol's channel.
 */
export async function serveStdio(options: McpServerOptions, streams: { stdin: Readable; stdout: NodeJS.WritableStream }, stop: AbortSignal): Promise<void> {
  const server = createMcpServer(options);
  const transport = new StdioServerTransport(streams.stdin, streams.stdout as NodeJS.WritableStream & import('node:stream').Writable);
  const closed = new Promise<void>((resolve) => {
    server.onclose = resolve;
  });
  await server.connect(transport);
  const end = () => void server.close();
  streams.stdin.once('end', end);
  stop.addEventListener('abort', end, { once: true });
  if (stop.aborted) end();
  await closed;
  streams.stdin.off('end', end);
  stop.removeEventListener('abort', end);
}
