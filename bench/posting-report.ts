import { measurePostsThroughHost } from './ledger-http';
import { measurePosting, type PostingFigures } from './posting';
import { measurePostingLoad } from './posting-load';

const posters = 50;
const postsPerPoster = Number(process.env.BENCH_POSTS_PER_POSTER ?? 60);
const loadSeconds = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const loadClients = Number(process.env.BENCH_LOAD_CLIENTS ?? 100);

type Cosmos = { endpoint: string; key: string; cpuMs: () => number };

const row = (label: string, figures: PostingFigures) => ({
  emulator: label,
  posts: figures.posts,
  'posts/s': figures.postsPerSecond,
  'p50 ms': figures.p50Ms,
  'p99 ms': figures.p99Ms,
  failures: figures.failures,
  'numbers 1..N': figures.gapFree ? 'no gap' : 'GAP',
  'CPU ms/post': figures.cpuMsPerPost,
  'posts/s per CPU core': Math.round(1000 / figures.cpuMsPerPost),
});

/** Issue 16's posting figures: round trips, 50 concurrent posters without and with 5 ms per Cosmos call, the 100-client load. */
export async function printPostingFigures(options: {
  apiUrl: string;
  cosmos: Cosmos & { database: string };
  slowCosmos: Cosmos;
  signingKeys: string;
}): Promise<void> {
  console.log(
    `\nPosting (one organisation, ${posters} concurrent posters calling the service, ${posters * postsPerPoster} posts)...`,
  );
  const fast = await measurePosting(options.cosmos, { posters, postsPerPoster });
  const slow = await measurePosting(options.slowCosmos, { posters, postsPerPoster });
  const http = await measurePostsThroughHost(options.apiUrl, options.cosmos, options.signingKeys);
  console.log(
    `Cosmos round trips per post, one at a time: ${fast.roundTripsPerPost} at the service (goal <= 3), ${http.roundTripsPerPost} through the local host including authentication and session checks (goal <= 6); with ${posters} posters: ${fast.concurrentRoundTripsPerPost} at the service`,
  );
  console.table([
    row('in process, no added latency', fast.concurrent),
    row('5 ms added to every call', slow.concurrent),
  ]);
  console.log(
    'Goals: >= 1,500 posts/s with p99 <= 100 ms without added latency; >= 800 posts/s and no failure with 5 ms. CPU per post is this process (client and service) plus the emulator: on a shared machine it shows what the posts cost whatever else runs.',
  );

  console.log(
    `\nLoad: ${loadClients} clients for ${loadSeconds} s across two organisations through the local host (create, retry, post, reverse, trial balance)...`,
  );
  const load = await measurePostingLoad(options.apiUrl, options.cosmos, options.signingKeys, {
    clients: loadClients,
    seconds: loadSeconds,
  });
  console.log(
    `${load.posts} posts; post p50 ${load.postP50Ms} ms, p99 ${load.postP99Ms} ms (goal <= 1,000 ms); failures by operation and status (a "retry 599" is a replayed create that returned another draft): ${JSON.stringify(load.failures)}`,
  );
  console.table(load.perWindow);
}
