// What a tool's schemas cost to list. The SDK turns each zod schema into JSON Schema through the
// Standard JSON Schema interface (`~standard.jsonSchema`) on every tools/list, and on every
// request of a 2026-era HTTP client (a fresh server each time). This wrapper converts once per
// process and drops what carries no meaning for the model:
//   - `$schema` on every schema (the protocol already fixes the dialect: JSON Schema 2020-12);
//   - `maximum: 9007199254740991` / `minimum: -9007199254740991`, which zod writes for every `.int()`
//     (the largest safe integer is no limit of Tencent's; a documented limit is written explicitly).
// Validation is zod's own, unchanged: the wrapper hands `~standard.validate` straight through.
import { readFileSync } from 'node:fs';
import type * as z from 'zod/v4';

type Io = 'input' | 'output';
type Json = Record<string, unknown>;

function trim(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(trim);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (k === '$schema') continue;
    if (k === 'maximum' && v === Number.MAX_SAFE_INTEGER) continue;
    if (k === 'minimum' && v === Number.MIN_SAFE_INTEGER) continue;
    out[k] = trim(v);
  }
  return out;
}

const cache = new WeakMap<z.ZodType, { input?: Json; output?: Json }>();

function entryOf(schema: z.ZodType): { input?: Json; output?: Json } {
  let entry = cache.get(schema);
  if (!entry) cache.set(schema, (entry = {}));
  return entry;
}

function converted(schema: z.ZodType, io: Io, options: unknown): Json {
  const entry = entryOf(schema);
  const std = schema['~standard'] as unknown as { jsonSchema: Record<Io, (o: unknown) => Json> };
  return (entry[io] ??= trim(std.jsonSchema[io](options)) as Json);
}

/** The options the SDK converts with (JSON Schema 2020-12, the protocol's dialect). */
const SDK_OPTIONS = { target: 'draft-2020-12' };

/** A schema as listed, converted now (scripts/listed-schemas.mjs writes these at build time). */
export function convertForListing(schema: z.ZodType, io: Io): Json {
  return converted(schema, io, SDK_OPTIONS);
}

export type PrebuiltListing = { input: Json; output: Json };
let prebuilt: Record<string, PrebuiltListing> | null | undefined;

/**
 * The JSON Schemas of a tool as the build converted them (dist/tools/listed-schemas.json), or
 * undefined when running from source. Converting the default tools' schemas was about 35 ms of a
 * cold start to the first tools/list; the build does it once instead. The file is written from the
 * same compiled schemas in the same build, so it cannot disagree with them (and a test of the
 * built package compares them).
 */
export function prebuiltListing(name: string): PrebuiltListing | undefined {
  if (prebuilt === undefined) {
    try {
      prebuilt = JSON.parse(readFileSync(new URL('./listed-schemas.json', import.meta.url), 'utf8')) as Record<string, PrebuiltListing>;
    } catch {
      prebuilt = null;
    }
  }
  return prebuilt?.[name];
}

const wrapped = new WeakMap<z.ZodType, z.ZodType>();

/**
 * The schema as the SDK should list it: the same object for validation and types, with its
 * JSON Schema converted once and trimmed. One wrapper per schema, so every server built in this
 * process (one per 2026-era HTTP request) shares the conversion.
 */
export function listedSchema<S extends z.ZodType>(schema: S, io: Io = 'input', prebuiltJson?: Json): S {
  // Seeded from the build's conversion, the SDK's first tools/list converts nothing.
  if (prebuiltJson) entryOf(schema)[io] ??= prebuiltJson;
  let w = wrapped.get(schema);
  if (!w) {
    const std = schema['~standard'];
    // A prototype chain keeps everything zod's own (parse, shape, the SDK's zod checks); only the
    // Standard Schema property is shadowed, to route JSON Schema conversion through the cache.
    w = Object.create(schema, {
      '~standard': {
        value: {
          ...std,
          jsonSchema: {
            input: (options: unknown) => converted(schema, 'input', options),
            output: (options: unknown) => converted(schema, 'output', options),
          },
        },
      },
    }) as z.ZodType;
    wrapped.set(schema, w);
  }
  return w as S;
}

/**
 * The output schema as listed, or none. Every write's schema declares `{ RequestId }` and nothing
 * else (Tencent answers a write with its envelope only); listed, that says nothing a model needs to
 * choose or call the tool, and it was about a sixteenth of the whole list. The result still carries
 * `{ RequestId }` as structuredContent, which a tool without an output schema may.
 */
export function listedOutputSchema<S extends z.ZodType>(schema: S, prebuiltJson?: Json): S | undefined {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  if (shape && Object.keys(shape).length === 1 && 'RequestId' in shape) return undefined;
  return listedSchema(schema, 'output', prebuiltJson);
}
