import { openHttpOrganisation } from './http-organisation';

/**
 * Cosmos round trips per journal-entry post through the local host, authentication and session
 * checks included: one post at a time (after a first post warms the organisation's posting
 * lane), the host's own counter read before and after.
 */
export async function measurePostsThroughHost(
  apiUrl: string,
  cosmos: { endpoint: string; key: string; database: string },
  signingKeys: string,
) {
  const { calls, entry } = await openHttpOrganisation(apiUrl, cosmos, signingKeys, 1);
  const call = calls[0]!;
  const count = 100;
  const drafts: string[] = [];
  for (let i = 0; i <= count; i += 1)
    drafts.push((await call('POST', '/ledger/journal-entries', entry('2026-02-10'))).body.id!);
  await call('POST', `/ledger/journal-entries/${drafts.shift()}/post`);
  const counts = async () =>
    (await (await fetch(`${apiUrl}/api/bench/cosmos-requests`, { method: 'POST' })).json()) as { roundTrips: number };
  await counts();
  const started = performance.now();
  for (const id of drafts) {
    const posted = await call('POST', `/ledger/journal-entries/${id}/post`);
    if (posted.status !== 200) throw new Error(`post ${id}: ${posted.status}`);
  }
  const seconds = (performance.now() - started) / 1000;
  const { roundTrips } = await counts();
  return { postsPerSecond: Math.round(count / seconds), roundTripsPerPost: Math.round((roundTrips / count) * 10) / 10 };
}
