import { randomUUID } from 'node:crypto';
import { openHttpOrganisation, type MemberCall } from './http-organisation';
import { percentile } from './posting';

type Operation = 'create' | 'retry' | 'post' | 'reverse' | 'report';

/**
 * What one client does, over and over: create a draft (with an Idempotency-Key), now and then
 * send that create again (a client retry: the same draft comes back), post it, now and then
 * reverse what it posted, and now and then read the trial balance.
 */
async function clientLoop(
  call: MemberCall,
  entry: (date: string) => unknown,
  until: number,
  record: (operation: Operation, status: number, ms: number) => void,
): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  for (let round = 0; performance.now() < until; round += 1) {
    const key = `load-${randomUUID()}`;
    const body = entry(today);
    const created = await call('POST', '/ledger/journal-entries', body, { 'idempotency-key': key });
    record('create', created.status, created.ms);
    if (created.status !== 201) continue;
    if (round % 5 === 0) {
      const again = await call('POST', '/ledger/journal-entries', body, { 'idempotency-key': key });
      record('retry', again.body.id === created.body.id ? again.status : 599, again.ms);
    }
    const posted = await call('POST', `/ledger/journal-entries/${created.body.id}/post`);
    record('post', posted.status, posted.ms);
    if (posted.status === 200 && round % 10 === 3) {
      const reversed = await call('POST', `/ledger/journal-entries/${created.body.id}/reverse`, { date: today });
      record('reverse', reversed.status, reversed.ms);
    }
    if (round % 10 === 7) {
      const report = await call('GET', `/ledger/reports/trial-balance?asOf=${today}`);
      record('report', report.status, report.ms);
    }
  }
}

/**
 * `clients` clients for `seconds` seconds across two organisations through the local host.
 * Prints what failed by operation and status, post latency, and requests and posts per
 * 10-second window (flat, or falling as unclosed history grows).
 */
export async function measurePostingLoad(
  apiUrl: string,
  cosmos: { endpoint: string; key: string; database: string },
  signingKeys: string,
  options: { clients: number; seconds: number },
) {
  const half = Math.ceil(options.clients / 2);
  const organisations = [
    await openHttpOrganisation(apiUrl, cosmos, signingKeys, half),
    await openHttpOrganisation(apiUrl, cosmos, signingKeys, options.clients - half),
  ];
  const windows: Array<{ requests: number; posts: number }> = [];
  const failures = new Map<string, number>();
  const postLatencies: number[] = [];
  const started = performance.now();
  const record = (operation: Operation, status: number, ms: number) => {
    const window = Math.floor((performance.now() - started) / 10_000);
    while (windows.length <= window) windows.push({ requests: 0, posts: 0 });
    windows[window]!.requests += 1;
    if (operation === 'post') postLatencies.push(ms);
    if (operation === 'post' && status === 200) windows[window]!.posts += 1;
    if (status >= 300) failures.set(`${operation} ${status}`, (failures.get(`${operation} ${status}`) ?? 0) + 1);
  };
  const until = started + options.seconds * 1000;
  await Promise.all(
    organisations.flatMap(({ calls, entry }) => calls.map((call) => clientLoop(call, entry, until, record))),
  );
  postLatencies.sort((a, b) => a - b);
  const full = windows.slice(0, Math.floor(options.seconds / 10));
  return {
    posts: postLatencies.length,
    postP50Ms: percentile(postLatencies, 0.5),
    postP99Ms: percentile(postLatencies, 0.99),
    failures: Object.fromEntries([...failures].sort()),
    perWindow: full.map((w, i) => ({
      window: `${i * 10}-${i * 10 + 10}s`,
      'requests/s': Math.round(w.requests / 10),
      'posts/s': Math.round(w.posts / 10),
    })),
  };
}
