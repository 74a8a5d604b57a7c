// A real MCP client over stdio to any command that starts the server (an installed bin, an
// unpacked bundle, a container's command line), for the packaging tests.
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

export interface StdioRun {
  client: Client;
  stderr: () => string;
  close(): Promise<void>;
}

export async function stdioClient(command: string, args: string[], env: Record<string, string>, cwd?: string): Promise<StdioRun> {
  const transport = new StdioClientTransport({ command, args, env, stderr: 'pipe', ...(cwd && { cwd }) });
  let log = '';
  transport.stderr?.on('data', (d) => (log += String(d)));
  const client = new Client({ name: 'packaging-test', version: '1.0.0' }, { capabilities: {} });
  try {
    await client.connect(transport);
  } catch (err) {
    throw new Error(`${(err as Error).message}\nserver stderr:\n${log}`);
  }
  return { client, stderr: () => log, close: () => client.close() };
}
