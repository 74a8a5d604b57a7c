// `tencent-live-mcp approvers add NAME | list | remove NAME`: the operator names the people who may
// decide approvals. `add` prints a one-time enrolment link; the person opens it in their browser
// and creates a passkey. Run it as the server's own OS user (it writes <state dir>/approvers.json).
import { parseArgs } from 'node:util';
import { defaultStateDir } from './policies/audit.js';
import { ApproverError, ApproverRegistry, ENROLMENT_TTL_MS } from './console/approvers.js';

export const APPROVERS_HELP = `Usage:
  tencent-live-mcp approvers add NAME [--console-url URL]   print a one-time enrolment link for NAME
  tencent-live-mcp approvers list                           list approvers and their passkeys
  tencent-live-mcp approvers remove NAME                    remove NAME and their passkeys

The console's address for the link: --console-url, else TENCENT_LIVE_CONSOLE_ORIGIN, else
http://localhost:TENCENT_LIVE_CONSOLE_PORT. Approvers are kept in <state dir>/approvers.json (0600).
`;

export function runApprovers(argv: string[], env: Record<string, string | undefined>, out: (s: string) => void, err: (s: string) => void): number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { 'console-url': { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    err(`tencent-live-mcp approvers: ${(e as Error).message}\n${APPROVERS_HELP}`);
    return 2;
  }
  const [verb, name, ...rest] = parsed.positionals;
  if (parsed.values.help || !verb) {
    out(APPROVERS_HELP);
    return verb || parsed.values.help ? 0 : 2;
  }
  if (rest.length > 0 || ((verb === 'add' || verb === 'remove') && !name) || !['add', 'list', 'remove'].includes(verb)) {
    err(APPROVERS_HELP);
    return 2;
  }
  try {
    const registry = new ApproverRegistry(defaultStateDir(env));
    if (verb === 'list') {
      const all = registry.list();
      const open = registry.openEnrolments();
      if (all.length === 0 && open.length === 0) out('No approvers. Add one with: tencent-live-mcp approvers add NAME\n');
      for (const a of all) out(`${a.name}  (added ${a.addedAt}; ${a.credentials.length} passkey${a.credentials.length === 1 ? '' : 's'})\n`);
      for (const n of open) out(`${n}  (enrolment link not used yet)\n`);
      return 0;
    }
    if (verb === 'remove') {
      if (!registry.remove(name!)) {
        err(`No approver named ${JSON.stringify(name)}.\n`);
        return 1;
      }
      out(`Removed approver ${name} and their passkeys; their console sessions end now.\n`);
      return 0;
    }
    const token = registry.addEnrolment(name!);
    const base = parsed.values['console-url'] ?? env.TENCENT_LIVE_CONSOLE_ORIGIN ?? (env.TENCENT_LIVE_CONSOLE_PORT ? `http://localhost:${env.TENCENT_LIVE_CONSOLE_PORT}` : undefined);
    const link = `${base ?? 'http://localhost:<console port>'}/enrol#${token}`;
    out(
      `Enrolment link for ${name} (works once, for ${ENROLMENT_TTL_MS / 3_600_000} hours):\n  ${link}\n` +
        (base ? '' : 'Replace <console port> with the port the server printed for the approval console (or set --console-port).\n') +
        `Give it to ${name} only: whoever opens it first enrols their passkey as ${name}.\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof ApproverError) {
      err(`tencent-live-mcp approvers: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
