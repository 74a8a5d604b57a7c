// Loader hooks for bench/module-count.mjs: every ES module (and every CommonJS module imported from
// ESM) the process loads is appended, one URL a line, to the file it names. Used only to count what
// loads before the first tools/list; it slows the process, so timed runs go without it.
import { appendFileSync } from 'node:fs';

let file;
export function initialize(data) { file = data.file; }
export async function load(url, context, next) {
  if (file) appendFileSync(file, `${url}\n`);
  return next(url, context);
}
