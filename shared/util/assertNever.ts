/** Exhaustiveness guard for switches over unions: a new member fails to compile here. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
