import { LifelineError } from '../../shared/api/result';

/** The LifelineError `fn` throws; any other outcome fails the test. */
export function errorOf(fn: () => unknown): LifelineError {
  try {
    fn();
  } catch (err) {
    if (err instanceof LifelineError) return err;
    throw err;
  }
  throw new Error('expected a LifelineError');
}
