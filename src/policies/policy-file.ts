// Reads the operator's policy file (YAML or JSON; YAML is a superset) and validates it, with
// errors that name the file, the place in it and what is wrong.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PolicySchema, policyProblems, type Policy } from './rules.js';

// The YAML parser (some 70 modules) loads when there is a policy file to read, not with every
// start; loading a policy is synchronous, so it is required rather than imported.
const parse = (text: string): unknown => (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(text);

export class PolicyError extends Error {
  override name = 'PolicyError';
}

export function parsePolicy(text: string, source: string, toolNames: readonly string[]): Policy {
  let raw: unknown;
  try {
    raw = text.trim() === '' ? {} : parse(text);
  } catch (err) {
    throw new PolicyError(`${source}: not valid YAML/JSON: ${(err as Error).message}`);
  }
  const parsed = PolicySchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`);
    throw new PolicyError(`${source}: invalid policy:\n${lines.join("\n")}`);
  }
  const problems = policyProblems(parsed.data, toolNames);
  if (problems.length > 0) throw new PolicyError(`${source}: invalid policy:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return parsed.data;
}

export function loadPolicyFile(path: string, toolNames: readonly string[]): Policy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new PolicyError(`cannot read policy file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parsePolicy(text, path, toolNames);
}
