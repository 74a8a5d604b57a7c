// The listed form of a tool's schemas: converted once per process, trimmed of what carries no
// meaning, and validated exactly as zod validates.
import { describe, expect, it } from 'vitest';
import * as z from 'zod/v4';
import { listedSchema } from '../../src/tools/listed-schema.js';
import { TOOLS } from '../../src/tools/index.js';
import { createServer } from '../../src/server.js';
import { createRestClient } from '../../src/client/rest-client.js';
import { createConfirmStateCodec } from '../../src/policies/confirm.js';
import { createPolicyRuntime } from '../../src/policies/runtime.js';
import { createLogger } from '../../src/logger.js';
import { connect } from '../helpers/mcp.js';

const convert = (s: z.ZodType, io: 'input' | 'output') =>
  (s['~standard'] as unknown as { jsonSchema: Record<string, (o: unknown) => Record<string, unknown>> }).jsonSchema[io]!({ target: 'draft-2020-12' });

describe('listedSchema', () => {
  const schema = z.strictObject({ RoomId: z.string().min(1).max(48), Index: z.number().int().min(0), Count: z.number().int() });

  it('converts once: every server built in the process gets the same JSON Schema object', () => {
    const a = listedSchema(schema);
    expect(listedSchema(schema)).toBe(a);
    expect(convert(a, 'input')).toBe(convert(a, 'input'));
  });

  it('drops $schema and the safe-integer bounds zod writes for .int(), and keeps every real limit', () => {
    const json = convert(listedSchema(schema), 'input') as { properties: Record<string, Record<string, unknown>>; $schema?: string };
    expect(json.$schema).toBeUndefined();
    expect(json.properties.Index).toEqual({ type: 'integer', minimum: 0 });
    expect(json.properties.Count).toEqual({ type: 'integer' });
    expect(json.properties.RoomId).toMatchObject({ minLength: 1, maxLength: 48 });
    expect(JSON.stringify(convert(schema, 'input'))).toContain('9007199254740991');
  });

  it('validates exactly as the zod schema does', async () => {
    const w = listedSchema(schema);
    for (const value of [{ RoomId: 'r', Index: 0, Count: 1 }, { RoomId: '', Index: 0, Count: 1 }, { RoomId: 'r', Index: -1, Count: 1 }, { RoomId: 'r', Index: 0, Count: 1, extra: 1 }]) {
      const ours = await w['~standard'].validate(value);
      const zods = await schema['~standard'].validate(value);
      expect('issues' in ours && ours.issues !== undefined).toBe('issues' in zods && zods.issues !== undefined);
    }
    expect(w.safeParse({ RoomId: 'r', Index: 1, Count: 2 }).success).toBe(true);
  });

  it('no listed tool schema carries $schema or a safe-integer bound', () => {
    for (const def of TOOLS) {
      for (const [s, io] of [[def.input, 'input'], [def.output, 'output']] as const) {
        const text = JSON.stringify(convert(listedSchema(s), io));
        expect(text, def.name).not.toContain('$schema');
        expect(text, def.name).not.toContain('9007199254740991');
      }
    }
  });

  it('through the SDK, each schema is converted once per process: tools/list on a session and every 2026-era request', async () => {
    const base = TOOLS.find((t) => t.name === 'get_seat_list')!;
    // A fresh copy of the tool's schemas whose conversion counts its calls.
    const counts = { input: 0, output: 0 };
    const counted = <S extends z.ZodType>(schema: S): S => {
      const std = schema['~standard'] as unknown as { jsonSchema: Record<'input' | 'output', (o: unknown) => unknown> };
      Object.defineProperty(schema, '~standard', {
        value: {
          ...std,
          jsonSchema: {
            input: (o: unknown) => { counts.input++; return std.jsonSchema.input(o); },
            output: (o: unknown) => { counts.output++; return std.jsonSchema.output(o); },
          },
        },
      });
      return schema;
    };
    const def = { ...base, input: counted((base.input as z.ZodObject).extend({})), output: counted((base.output as z.ZodObject).extend({})) };
    const live = createRestClient({ sdkAppId: 1400000001, secretKey: 'listed-schema-test-key', admin: 'administrator', endpoint: 'http://127.0.0.1:9' });
    const make = () => createServer({ client: live, tools: [def], codec: createConfirmStateCodec(), runtime: createPolicyRuntime(), logger: createLogger({ level: 'error', write: () => {} }) });
    for (const era of ['legacy', 'modern'] as const) {
      const c = await connect(make, { era });
      for (let i = 0; i < 3; i++) {
        const { tools } = await c.client.listTools();
        expect(tools.map((t) => t.name)).toEqual(['get_seat_list']);
        expect(JSON.stringify(tools[0]!.inputSchema)).not.toContain('$schema');
      }
      await c.close();
    }
    expect(counts).toEqual({ input: 1, output: 1 });
    await live.close();
  });
});
