/**
 * The real app plus two benchmark-only routes (a Cosmos-backed point read, and the host's
 * Cosmos request counts), so the benchmark measures through the local host. The app runs with
 * every guard, the shared rate limiter included (its counter is one Cosmos round trip per
 * request; the bare server makes the same one, so the ratio still shows the host's share).
 */
import { z } from 'zod';
import '../../functions/index';
import './point-read';
import { loadSettings } from '../../shared/platform/config/load-settings';
import { createRequestCounter } from '../../shared/platform/data/request-counter';
import { defineRoute } from '../../shared/platform/http/route';
import { provideServices } from '../../shared/platform/services';
import { createServices } from '../../functions/app-services';

const settings = loadSettings();
const requestCounter = createRequestCounter();
provideServices(() => createServices(settings, { requestCounter }));

defineRoute({
  name: 'bench-cosmos-requests',
  method: 'POST',
  route: 'bench/cosmos-requests',
  access: { public: true, reason: 'benchmark fixture only: reads and resets the host process Cosmos counters' },
  lockdownExempt: 'benchmark fixture only: touches no organisation',
  response: z.object({ roundTrips: z.number(), documentsRead: z.number() }),
  handler: async () => {
    const counts = { roundTrips: requestCounter.roundTrips, documentsRead: requestCounter.documentsRead };
    requestCounter.reset();
    return { status: 200, body: counts };
  },
});
