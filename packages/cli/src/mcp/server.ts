/**
 * The MCP server of `loom mcp`: the SDK's low-level Server (tools given as JSON Schema, not zod),
 * one tool per workflow. Loaded with a dynamic import by the command, so `loom run` never loads the SDK.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { callWorkflowTool, type ToolRunSettings, type WorkflowTool } from './workflow-tools.js';

export interface McpServerOptions {
  readonly tools: readonly WorkflowTool[];
  readonly settings: ToolRunSettings;
  readonly version: string;
}

/** A new SDK Server for one connection (stdio, or one HTTP session): the SDK binds a Server to one transport. */
export function createMcpServer(options: McpServerOptions): Server {
  const server = new Server({ name: 'loom', version: options.version }, { capabilities: { tools: {} } });
  const byName = new Map(options.tools.map((tool) => [tool.name, tool]));
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: options.tools.map((tool) => ({
      name: tool.name,
      title: tool.workflowId,
      description: tool.description,
      inputSchema: tool.inputSchema as { type: 'object' },
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const tool = byName.get(request.params.name);
    if (!tool) {
      return { content: [{ type: 'text', text: `no tool '${request.params.name}'; tools: ${[...byName.keys()].join(', ')}` }], isError: true };
    }
    const progressToken = request.params._meta?.progressToken;
    const onStep =
      progressToken === undefined
        ? undefined
        : (done: number, message: string) => {
            // A notification that cannot be sent (the client went away) must not fail the run.
            extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: done, message } }).catch(() => {});
          };
    return (await callWorkflowTool(tool, request.params.arguments ?? {}, options.settings, { signal: extra.signal, ...(onStep ? { onStep } : {}) })) as CallToolResult;
  });
  return server;
}
