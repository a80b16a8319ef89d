/**
 * The mapping file (`lifeline import csv FILE --map MAP.json`, and `mappings` of
 * `import:run`) as a schema: a malformed mapping is refused with the path of what is wrong
 * (`columns."configuration_type".values."Server"`). The types live in csvMapping.ts.
 */
import { z } from 'zod';
import { type CsvMapping, MAPPING_TARGETS } from './csvMapping';

const Column = z.string().min(1).max(200);

const FieldRule = z
  .object({
    to: z.literal('field'),
    field: z.string().min(1).max(60),
    values: z.record(z.string().max(200), z.string().max(200).nullable()).optional(),
    otherwise: z.string().max(200).nullable().optional(),
    empty: z.string().max(200).optional(),
  })
  .strict();

export const ColumnRuleSchema = z.discriminatedUnion('to', [
  FieldRule,
  z
    .object({
      to: z.literal('attribute'),
      name: z.string().regex(/^[a-z0-9_]{1,60}$/, 'must be 1–60 lower-case letters, digits or _'),
    })
    .strict(),
  z.object({ to: z.literal('ignore') }).strict(),
]);

export const CsvMappingSchema = z
  .object({
    version: z.literal(1),
    target: z.enum(MAPPING_TARGETS),
    preset: z.string().max(60).nullable().default(null),
    columns: z.record(Column, ColumnRuleSchema),
  })
  .strict() satisfies z.ZodType<CsvMapping, unknown>;

/** Where a zod issue points, as people read it: `columns."primary_ip".to`. */
export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  return (
    path
      .map((p, i) =>
        typeof p === 'number'
          ? `[${p}]`
          : i > 0 && path[i - 1] === 'columns'
            ? `."${String(p)}"`
            : `.${String(p)}`,
      )
      .join('')
      .replace(/^\./, '') || '(the whole file)'
  );
}
