// The floor for the latency benchmark: a bare McpServer of the same SDK over stdio, with one tool
// that validates the same one-field input as get_seat_list and does nothing. Whatever this costs
// per call is the price of MCP itself (JSON-RPC over pipes, zod validation, result projection).
import { McpServer } from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import * as z from 'zod/v4';

const server = new McpServer({ name: 'noop-bench', version: '1.0.0' });
server.registerTool(
  'noop',
  { description: 'Does nothing.', inputSchema: z.strictObject({ RoomId: z.string().min(1).max(48) }) },
  async () => ({ content: [{ type: 'text', text: 'ok' }] }),
);
const transport = new StdioServerTransport();
transport.onclose = () => process.exit(0);
await server.connect(transport);
