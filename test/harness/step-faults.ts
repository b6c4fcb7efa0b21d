/** Thrown at a step boundary to stand for the process dying there. */
export class Killed extends Error {}

/**
 * The dependencies with a crash at the n-th step boundary reached (n = 0: none): that boundary
 * and every later one throw, as nothing runs on in a process that is gone (work still in flight
 * in parallel stops at its next boundary). Every boundary reached is pushed onto `seen`.
 */
export function killedAt<T extends { readonly atBoundary?: (boundary: string) => void }>(
  deps: T,
  n: number,
  seen: string[] = [],
): T {
  let reached = 0;
  return {
    ...deps,
    atBoundary: (boundary: string) => {
      seen.push(boundary);
      reached += 1;
      if (n > 0 && reached >= n) throw new Killed(`killed at ${boundary}`);
    },
  };
}
