// `node --import ./bench/module-count.mjs …`: when TLM_MODULE_LOG is set, appends every module the
// process loads to that file, one a line: ES modules through module-count-hook.mjs, CommonJS files
// (ioredis, better-sqlite3 …, which require() one another outside the ESM loader) from here.
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';

const file = process.env.TLM_MODULE_LOG;
if (file) {
  register('./module-count-hook.mjs', import.meta.url, { data: { file } });
  const seen = new Set();
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (...args) {
    const name = resolve.apply(this, args);
    if (!seen.has(name) && !Module._cache[name]) { seen.add(name); appendFileSync(file, `cjs:${name}\n`); }
    return name;
  };
}
