import type { z } from 'zod';

/** Declares one call of the contract: its input and output schemas and a one-line summary. */
export const define = <I extends z.ZodType, O extends z.ZodType>(spec: {
  summary: string;
  input: I;
  output: O;
  /** True when the call changes data. */
  mutates?: boolean;
}) => spec;
