#!/usr/bin/env node
// The only module that touches process: argv and env in, exit codes and signals out; the wiring
// lives in app.ts. stdout carries MCP in stdio mode, so every human-facing line goes to stderr.
// Subcommands load their own modules when run, so a serving session never loads them.
import { ConfigError, HELP, loadConfig, type Config } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { VERSION } from './version.js';

const notice = (text: string) => void process.stderr.write(text);

async function runSandbox(config: Extract<Config, { command: 'sandbox' }>, logger: Logger) {
  const { createSandbox } = await import('./sandbox/index.js');
  const sandbox = createSandbox({ seed: 'demo' });
  const { url, close } = await sandbox.listen({ port: config.port, host: config.host });
  const { sdkAppId, secretKey, admin } = sandbox.credentials;
  // The sandbox's key is a published demo value, not a secret: print it so people can sign with it.
  notice(
    `Tencent live REST sandbox listening on ${url}\n` +
      `  SDKAppID: ${sdkAppId}\n  Secret key: ${secretKey}\n  Administrator: ${admin}\n` +
      `  Tencent Cloud API 3.0 (TRTC) at POST ${url}/: SecretId ${sandbox.cloudApi.credentials.secretId}, SecretKey ${sandbox.cloudApi.credentials.secretKey}\n` +
      `  Example: TENCENT_LIVE_ENDPOINT=${url} TENCENT_LIVE_SDKAPPID=${sdkAppId} TENCENT_LIVE_SECRET_KEY=${secretKey} tencent-live-mcp\n`,
  );
  const stop = () => { logger.info('sandbox stopping'); void close().then(() => process.exit(0)); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function runServe(config: Extract<Config, { command: 'serve' }>, logger: Logger) {
  const { startApp } = await import('./app.js');
  const app = await startApp(config, { logger, notice });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down');
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  // A stdio client that closes our stdin has ended the session.
  if (!config.http) process.stdin.once('end', () => void stop());
}

async function runAudit(config: Extract<Config, { command: 'audit' }>) {
  const [{ readAuditLog }, { filterAudit, formatAudit }] = await Promise.all([import('./policies/audit.js'), import('./policies/audit-report.js')]);
  const read = readAuditLog(config.file);
  const records = filterAudit(read.records, { ...(config.sinceMs !== undefined && { sinceMs: config.sinceMs }), ...(config.tool && { tool: config.tool }) });
  process.stdout.write(config.json ? records.map((r) => JSON.stringify(r) + '\n').join('') : formatAudit(records, read.torn));
  if (config.json && read.torn.length > 0) notice(`tencent-live-mcp: ${read.torn.length} torn line(s) in the audit log (not whole records): ${read.torn.map((t) => `${t.file}:${t.line}`).join(', ')}\n`);
}

async function main() {
  if (process.argv[2] === 'approvers') {
    const { runApprovers } = await import('./approvers-cli.js');
    process.exitCode = runApprovers(process.argv.slice(3), process.env, (t) => process.stdout.write(t), notice);
    return;
  }
  let config: Config;
  try {
    config = loadConfig(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      notice(`tencent-live-mcp: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  // --help and --version are not MCP sessions: they answer on stdout like any command-line tool.
  if (config.command === 'help') { process.stdout.write(HELP); return; }
  if (config.command === 'version') { process.stdout.write(`${VERSION}\n`); return; }
  if (config.command === 'audit') return runAudit(config);
  const logger = createLogger({ level: config.logLevel });
  try {
    if (config.command === 'sandbox') await runSandbox(config, logger);
    else await runServe(config, logger);
  } catch (err) {
    notice(`tencent-live-mcp: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  }
}

void main();
