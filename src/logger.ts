// One logger for the whole process. It writes to stderr only: in stdio mode stdout is the MCP
// channel. Values registered as secrets are masked in every line, whatever field they hide in.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** Registers a value that must never be printed (secret key, a UserSig, a bearer token). */
  addSecret(value: string): void;
}

export interface LoggerOptions {
  level?: LogLevel;
  write?: (line: string) => void;
}

export function createLogger({ level = 'info', write = (l) => process.stderr.write(l + '\n') }: LoggerOptions = {}): Logger {
  const secrets = new Set<string>();
  const emit = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < ORDER[level]) return;
    let line = JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields });
    for (const s of secrets) line = line.split(s).join('[redacted]');
    write(line);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    addSecret: (v) => { if (v.length >= 4) secrets.add(v); },
  };
}

/** A logger that drops everything; the default in tests and library use. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, addSecret() {} };
