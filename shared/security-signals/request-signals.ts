import type { RequestObserver, RequestOutcome } from '../platform/http/request-outcome';
import { raiseSignal, type SignalDependencies } from './raise-signal';
import type { SecuritySignal, SignalStore } from './signal-store';
import { effectiveThresholds, type Thresholds } from './thresholds';
import { postingRoutes, watchedKindOf, type WatchedKind } from './watched-actions';

/** Sign-ins looked at when deciding whether an address is new for a member. */
const signInHistoryDepth = 100;

type Deps = Omit<SignalDependencies, 'store' | 'tenantId'> & {
  /** Asks for a review of the organisation's new postings (throttled, off the posting path). */
  readonly requestPostingReview: (tenantId: string) => Promise<void>;
};

/**
 * The signals a finished request can raise. Most requests are none of these and cost nothing;
 * a watched one costs a read of the thresholds and one atomic increment.
 */
export function createRequestSignals(deps: Deps, storeFor: (outcome: RequestOutcome) => SignalStore): RequestObserver {
  return {
    async observe(outcome) {
      // Operators only look (read-only impersonation) and are watched by the platform's own log.
      if (outcome.principal.kind !== 'member') return;
      const kind = outcome.succeeded ? watchedKindOf(outcome.route, outcome.answeredWithFile) : undefined;
      const sensitiveChange = outcome.succeeded && outcome.sensitive && outcome.method !== 'GET';
      if (kind || outcome.notFoundOnWellFormedId || sensitiveChange)
        await watch({ ...deps, store: storeFor(outcome), tenantId: outcome.principal.tenantId }, outcome, kind);
      if (outcome.succeeded && postingRoutes.has(outcome.route))
        await deps.requestPostingReview(outcome.principal.tenantId);
    },
  };
}

async function watch(signals: SignalDependencies, outcome: RequestOutcome, kind: WatchedKind | undefined) {
  const thresholds = effectiveThresholds((await signals.store.readThresholds())?.thresholds);
  const { memberId } = outcome.principal;
  if (kind) {
    const { windowMinutes, limits } = thresholds.rapidActions;
    await onBurst(signals, `rapid:${kind}:${memberId}`, windowMinutes, limits[kind], {
      kind: 'rapid-actions',
      memberId,
      summary: `More than ${limits[kind]} ${kind} actions by one member within ${windowMinutes} minutes`,
      details: { action: kind, limit: limits[kind], windowMinutes, route: outcome.route, ip: outcome.ip },
    });
  }
  if (outcome.notFoundOnWellFormedId) {
    const { windowMinutes, limit } = thresholds.notFoundProbing;
    await onBurst(signals, `not-found:${memberId}`, windowMinutes, limit, {
      kind: 'not-found-probing',
      memberId,
      summary: `More than ${limit} requests for records that do not exist within ${windowMinutes} minutes`,
      details: { limit, windowMinutes, route: outcome.route, ip: outcome.ip },
    });
  }
  if (outcome.succeeded && outcome.sensitive && outcome.method !== 'GET')
    await checkNewAddress(signals, thresholds, outcome);
}

/**
 * Counts one more under `key` and raises the signal when more than `limit` fall within one
 * window's span: this fixed window's count plus the previous one's, so a burst that straddles a
 * window boundary is still seen whole. The previous window is read only while this one is under
 * the limit, and a burst already signalled there is not signalled again.
 */
async function onBurst(
  signals: SignalDependencies,
  key: string,
  windowMinutes: number,
  limit: number,
  signal: Omit<SecuritySignal, 'detectedAt'>,
): Promise<void> {
  const seconds = windowMinutes * 60;
  const { count, windowStart } = await signals.store.countInWindow(key, seconds);
  const total = count > limit ? count : count + (await signals.store.countOf(key, seconds, windowStart - seconds));
  if (total <= limit) return;
  await raiseSignal(signals, `${key}:${seconds}:${windowStart}`, signal, [
    `${key}:${seconds}:${windowStart - seconds}`,
  ]);
}

/**
 * A sensitive change in a session signed in to, within the window, from an address none of the
 * member's earlier sign-ins came from: the pattern of a stolen account changing where money goes.
 * A member's first known sign-in has nothing to compare with and is not "new". Only a young
 * session costs the look at the sign-in history; one signal per such session.
 */
async function checkNewAddress(signals: SignalDependencies, thresholds: Thresholds, outcome: RequestOutcome) {
  const { memberId, signedIn } = outcome.principal;
  const { windowMinutes } = thresholds.newAddressThenSensitiveChange;
  if (!signedIn?.ip) return;
  if (Date.parse(signedIn.at) < signals.clock.now().getTime() - windowMinutes * 60_000) return;
  const history = await signals.store.recentSignIns(memberId, signInHistoryDepth);
  // The session is started before its sign-in is audited: earlier sign-ins are strictly older.
  const earlier = history.filter((signIn) => signIn.at < signedIn.at);
  if (earlier.length === 0 || earlier.some((signIn) => signIn.ip === signedIn.ip)) return;
  await raiseSignal(signals, `${memberId}:${signedIn.at}`, {
    kind: 'new-address-sensitive-change',
    memberId,
    summary: `A sensitive change within ${windowMinutes} minutes of a sign-in from an address not seen before`,
    details: { signedInAt: signedIn.at, signInIp: signedIn.ip, route: outcome.route, ip: outcome.ip, windowMinutes },
  });
}
