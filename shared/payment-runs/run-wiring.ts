/**
 * The app's payment-run dependencies: payables as the run sees it (its bills, vendors and bank
 * details), the document store's blobs and the queues.
 */
import { payablesDependencies, type PayablesDependencies } from '../payables/payables-dependencies';
import type { Services } from '../platform/services';
import { payablesForRuns } from './payables-adapter';
import type { RunDependencies } from './run-dependencies';

export function runDependencies(services: Services): RunDependencies {
  return runDependenciesOver(payablesDependencies(services), { blobs: services.blobService, queues: services.queues });
}

/** The same from payables' dependencies: what suites and benches build over the emulators. */
export function runDependenciesOver(
  payables: PayablesDependencies,
  outside: Pick<RunDependencies, 'blobs' | 'queues'>,
): RunDependencies {
  const { container, clock, ids } = payables;
  return { container, clock, ids, ...outside, payables: payablesForRuns(payables) };
}
