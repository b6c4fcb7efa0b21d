import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { QueueServiceClient, type QueueClient } from '@azure/storage-queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostedApp, type RunningHost } from '../harness/local-host';
import { createTestQueue, storageConnectionString } from '../harness/storage';

const fixture = resolve(__dirname, '../fixtures/host-app/bare');
const repoRoot = resolve(__dirname, '../..');
const guid = '3f2b8c1e-9a4d-4c2b-8e7f-1a2b3c4d5e6f';
const spa = 'http://localhost:5173';

type Entry = Record<string, unknown> & { fn?: string; hook?: string };

function recordsIn(file: string): Entry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Entry);
}

async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const base64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

async function poisonedMessages(queue: QueueClient): Promise<string[]> {
  const poison = QueueServiceClient.fromConnectionString(storageConnectionString()).getQueueClient(
    `${queue.name}-poison`,
  );
  const { peekedMessageItems } = await poison.peekMessages({ numberOfMessages: 5 });
  return peekedMessageItems.map((m) => m.messageText);
}

describe('the local host serving an app without the pipeline', () => {
  let host: RunningHost;
  let recordFile: string;
  let records: QueueClient;
  let failing: QueueClient;
  let slow: QueueClient;
  const recorded = (fn: string) => recordsIn(recordFile).filter((entry) => entry.fn === fn);
  // The host logs a request after answering it, so its line may trail the response.
  const logged = (pattern: RegExp) => eventually(() => (pattern.test(host.output()) ? true : undefined), 3_000);

  beforeAll(async () => {
    recordFile = join(mkdtempSync(join(tmpdir(), 'host-bare-')), 'records.jsonl');
    [records, failing, slow] = await Promise.all([
      createTestQueue('records'),
      createTestQueue('failing'),
      createTestQueue('slow'),
    ]);
    host = await startHostedApp({
      appRoot: fixture,
      cors: { allowedOrigins: [spa, 'https://app.example'], supportCredentials: true },
      env: {
        FIXTURE_RECORD_FILE: recordFile,
        FIXTURE_RECORDS_QUEUE: records.name,
        FIXTURE_FAILING_QUEUE: failing.name,
        FIXTURE_SLOW_QUEUE: slow.name,
        FIXTURE_FAST_SCHEDULE: '* * * * * *',
      },
    });
  });
  afterAll(async () => {
    await host?.stop();
  });

  describe('HTTP', () => {
    it('passes the raw body bytes, route parameters, query, headers and the client address, and sends back status, headers and cookies', async () => {
      const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
      const response = await fetch(`${host.url}/api/echo/${guid}/a/b%20c?x=1&x=2&y=z`, {
        method: 'POST',
        body: bytes,
        headers: { 'content-type': 'application/octet-stream', 'x-custom': 'hello', 'x-forwarded-for': '203.0.113.9' },
      });

      expect(response.status).toBe(201);
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
      expect(JSON.parse(response.headers.get('x-params')!)).toEqual({ id: guid, rest: 'a/b c' });
      expect(JSON.parse(response.headers.get('x-query')!)).toEqual({ x: '1,2', y: 'z' });
      expect(response.headers.get('x-method')).toBe('POST');
      expect(response.headers.get('x-custom-seen')).toBe('hello');
      // What the client claimed stays on the left; the address the host saw is appended, with its port.
      expect(response.headers.get('x-forwarded-for-seen')).toMatch(/^203\.0\.113\.9, 127\.0\.0\.1:\d+$/);
      expect(response.headers.getSetCookie()).toEqual([
        'first=1; Path=/; Secure; HttpOnly; SameSite=Strict',
        'second=2; Max-Age=60',
      ]);
      await logged(new RegExp(`echo POST /api/echo/${guid}/a/b%20c 201 \\d+\\.\\dms`));
    });

    it('serves optional and constrained parameters, matching literal segments in any case', async () => {
      expect(await (await fetch(`${host.url}/api/pages`)).json()).toEqual({ params: {} });
      expect(await (await fetch(`${host.url}/api/PAGES/7`)).json()).toEqual({ params: { n: '7' } });
      expect((await fetch(`${host.url}/api/pages/seven`)).status).toBe(404);
      expect((await fetch(`${host.url}/api/echo/not-a-guid/x`, { method: 'POST' })).status).toBe(404);
    });

    it('answers an unknown route with a 404 problem document', async () => {
      for (const path of ['/api/nothing-here', '/echo/' + guid + '/x', '/']) {
        const response = await fetch(`${host.url}${path}`);
        expect(response.status).toBe(404);
        expect(response.headers.get('content-type')).toBe('application/problem+json');
        expect(await response.json()).toEqual({
          type: 'about:blank',
          title: 'Not Found',
          status: 404,
          detail: `No route matches ${path}`,
        });
      }
    });

    it('answers a known route with the wrong method with 405, a problem document and Allow', async () => {
      const response = await fetch(`${host.url}/api/echo/${guid}/x`, { method: 'DELETE' });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST, PUT');
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toMatchObject({ title: 'Method Not Allowed', status: 405 });
    });

    it('refuses a body over the host limit before the app sees it', async () => {
      const status = await new Promise<number>((resolvePromise, reject) => {
        const req = request(
          `${host.url}/api/echo/${guid}/big`,
          { method: 'POST', headers: { 'content-length': String(200 * 1024 * 1024) } },
          (res) => {
            res.resume();
            resolvePromise(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.write(Buffer.alloc(1024));
      });
      expect(status).toBe(413);
      await logged(/echo POST \/api\/echo\/\S+\/big 413/);
    });

    it('answers 500 without details when a function throws, and logs the failure', async () => {
      const response = await fetch(`${host.url}/api/throws`);
      expect(response.status).toBe(500);
      expect(await response.text()).not.toContain('did not handle');
      await logged(/throws GET \/api\/throws 500 \S+ms: a failure the function did not handle/);
    });

    it('runs preInvocation hooks that replace the handler and postInvocation hooks that change the result, sharing hookData', async () => {
      const response = await fetch(`${host.url}/api/hooked`);
      expect(await response.text()).toBe('original');
      expect(response.headers.get('x-wrapped')).toBe('yes');
      expect(response.headers.get('x-seen-before')).toBe('hooked');
    });
  });

  describe('CORS, as the site settings make the Functions host answer it', () => {
    const preflight = (path: string, origin: string) =>
      fetch(`${host.url}${path}`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'PUT',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
    const corsHeaders = (response: Response) =>
      Object.fromEntries(
        [...response.headers].filter(([name]) => name.startsWith('access-control-') || name === 'vary'),
      );

    it('answers an allowed origin preflight itself with 204, the origin, credentials, the method and the headers', async () => {
      const response = await preflight(`/api/echo/${guid}/x`, spa);
      expect(response.status).toBe(204);
      expect(corsHeaders(response)).toEqual({
        'access-control-allow-origin': spa,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'PUT',
        'access-control-allow-headers': 'authorization,content-type',
        vary: 'Origin',
      });
      await logged(new RegExp(`host CORS preflight /api/echo/${guid}/x from ${spa} 204 `));
      expect(host.output()).not.toMatch(/echo OPTIONS/);
    });

    it('answers preflights before routing, and a disallowed origin gets 204 without any CORS header', async () => {
      expect((await preflight('/api/nothing-here', spa)).status).toBe(204);
      const refused = await preflight(`/api/echo/${guid}/x`, 'http://localhost:5174');
      expect(refused.status).toBe(204);
      expect(corsHeaders(refused)).toEqual({});
      await logged(/host CORS preflight \/api\/echo\/\S+ from http:\/\/localhost:5174 204 \(origin not allowed\)/);
    });

    it("adds the origin and credentials to the app's response for an allowed origin, keeping the app's headers", async () => {
      const response = await fetch(`${host.url}/api/echo/${guid}/x`, {
        method: 'POST',
        headers: { origin: 'https://app.example', 'x-custom': 'kept' },
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('x-custom-seen')).toBe('kept');
      expect(corsHeaders(response)).toEqual({
        'access-control-allow-origin': 'https://app.example',
        'access-control-allow-credentials': 'true',
        vary: 'Origin',
      });
      const notFound = await fetch(`${host.url}/api/nothing-here`, { headers: { origin: spa } });
      expect(notFound.status).toBe(404);
      expect(notFound.headers.get('access-control-allow-origin')).toBe(spa);
    });

    it('lets a disallowed origin request reach the app, and its response carries no CORS header', async () => {
      const response = await fetch(`${host.url}/api/echo/${guid}/y`, {
        method: 'POST',
        headers: { origin: 'http://localhost:5174' },
      });
      expect(response.status).toBe(201);
      expect(corsHeaders(response)).toEqual({});
      await logged(new RegExp(`echo POST /api/echo/${guid}/y 201`));
    });

    it('treats OPTIONS without Access-Control-Request-Method, or without an Origin, as a request for the routes', async () => {
      const plain = await fetch(`${host.url}/api/echo/${guid}/x`, { method: 'OPTIONS', headers: { origin: spa } });
      expect(plain.status).toBe(405);
      expect(plain.headers.get('access-control-allow-origin')).toBe(spa);
      const noOrigin = await fetch(`${host.url}/api/echo/${guid}/x`, {
        method: 'OPTIONS',
        headers: { 'access-control-request-method': 'PUT' },
      });
      expect(noOrigin.status).toBe(405);
    });
  });

  describe('queues', () => {
    it('hands a message over with the trigger metadata the host sends, then deletes it', async () => {
      const { messageId } = await records.sendMessage(base64({ hello: 'world', n: 1 }));
      const [entry] = await eventually(() => {
        const found = recorded('record-message').filter((e) => (e.triggerMetadata as { id: string }).id === messageId);
        return found.length ? found : undefined;
      });
      expect(entry!.message).toEqual({ hello: 'world', n: 1 });
      const metadata = entry!.triggerMetadata as Record<string, unknown>;
      expect(metadata).toMatchObject({
        dequeueCount: 1,
        queueTrigger: { hello: 'world', n: 1 },
        popReceipt: expect.any(String),
      });
      for (const time of ['insertionTime', 'expirationTime', 'nextVisibleTime'])
        expect(new Date(metadata[time] as string).getTime()).toBeGreaterThan(0);
      await eventually(async () => ((await records.getProperties()).approximateMessagesCount === 0 ? true : undefined));
    });

    it('moves a message that always fails to the poison queue after maxDequeueCount tries, unchanged', async () => {
      const text = base64({ doomed: true });
      await failing.sendMessage(text);
      const poisoned = await eventually(async () =>
        (await poisonedMessages(failing)).length > 0 ? poisonedMessages(failing) : undefined,
      );
      expect(poisoned).toEqual([text]);
      expect(recorded('always-fails').map((e) => e.dequeueCount)).toEqual([1, 2, 3]);
      expect((await failing.getProperties()).approximateMessagesCount).toBe(0);
    });

    it('moves a message that is not base64 straight to the poison queue without running the function', async () => {
      const before = recorded('record-message').length;
      await records.sendMessage('{"plain": "json"}');
      const poisoned = await eventually(async () =>
        (await poisonedMessages(records)).length > 0 ? poisonedMessages(records) : undefined,
      );
      expect(poisoned).toEqual(['{"plain": "json"}']);
      expect(recorded('record-message').length).toBe(before);
    });

    it('fetches the next batch once no more than newBatchThreshold messages are running', async () => {
      // batchSize 2, newBatchThreshold 1: at most 3 at once, and 3 once the shorter of the first two ends.
      const durations = [200, 1200, 700, 300, 1000, 500];
      await Promise.all(durations.map((ms) => slow.sendMessage(base64({ ms }), { visibilityTimeout: 1 })));
      const runs = await eventually(() => {
        const done = recorded('slow') as Array<{ started: number; ended: number }>;
        return done.length === durations.length ? done : undefined;
      });
      const concurrency = (at: number) => runs.filter((r) => r.started <= at && at < r.ended).length;
      expect(Math.max(...runs.map((r) => concurrency(r.started)))).toBe(3);
    });
  });

  describe('timers and the admin API', () => {
    it('fires an NCRONTAB schedule with the timer argument the host passes', async () => {
      const runs = await eventually(
        () => (recorded('every-second').length >= 2 ? recorded('every-second') : undefined),
        5_000,
      );
      const timer = runs[1]!.timer as {
        isPastDue: boolean;
        schedule: unknown;
        scheduleStatus: { last: string; next: string; lastUpdated: string };
      };
      expect(timer.isPastDue).toBe(false);
      expect(timer.schedule).toEqual({ adjustForDST: true });
      expect(new Date(timer.scheduleStatus.next).getTime()).toBeGreaterThan(
        new Date(timer.scheduleStatus.last).getTime(),
      );
      expect(new Date(timer.scheduleStatus.lastUpdated).getTime()).toBeGreaterThan(0);
    });

    it('runs a runOnStartup timer once at start', () => {
      expect(recorded('on-startup')).toHaveLength(1);
    });

    it('POST /admin/functions/{name} runs a timer now, answering 202', async () => {
      const response = await fetch(`${host.url}/admin/functions/manual`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).toBe(202);
      await eventually(() => (recorded('manual').length === 1 ? true : undefined));
    });

    it('POST /admin/functions/{name} runs a queue function with the input as the message', async () => {
      const response = await fetch(`${host.url}/admin/functions/record-message`, {
        method: 'POST',
        body: JSON.stringify({ input: '{"via":"admin"}' }),
      });
      expect(response.status).toBe(202);
      await eventually(() =>
        recorded('record-message').some((e) => JSON.stringify(e.message) === '{"via":"admin"}') ? true : undefined,
      );
    });

    it('the admin API knows no HTTP functions or unknown names, and only POST', async () => {
      for (const name of ['echo', 'nope']) {
        const response = await fetch(`${host.url}/admin/functions/${name}`, { method: 'POST' });
        expect(response.status).toBe(404);
        expect(response.headers.get('content-type')).toBe('application/problem+json');
      }
      const get = await fetch(`${host.url}/admin/functions/manual`);
      expect(get.status).toBe(405);
      expect(get.headers.get('allow')).toBe('POST');
    });
  });
});

describe('the local host starting and stopping an app', () => {
  const recordFile = () => join(mkdtempSync(join(tmpdir(), 'host-life-')), 'records.jsonl');
  const queueSettings = {
    FIXTURE_RECORDS_QUEUE: 'life-records',
    FIXTURE_FAILING_QUEUE: 'life-failing',
    FIXTURE_SLOW_QUEUE: 'life-slow',
    FIXTURE_FAST_SCHEDULE: '0 0 0 1 1 *',
  };

  it('runs appTerminate hooks on stop, with the hookData appStart left', async () => {
    const file = recordFile();
    const host = await startHostedApp({ appRoot: fixture, env: { ...queueSettings, FIXTURE_RECORD_FILE: file } });
    await host.stop();
    expect(recordsIn(file).filter((e) => e.hook)).toEqual([
      { at: expect.any(Number), hook: 'appStart' },
      { at: expect.any(Number), hook: 'appTerminate', appLevel: 'kept from appStart' },
    ]);
  });

  it('stops with a readable error when an appStart hook throws', async () => {
    const failure = await startHostedApp({
      appRoot: fixture,
      env: { ...queueSettings, FIXTURE_FAIL_APP_START: '1' },
    }).then(
      async (host) => {
        await host.stop();
        return 'started';
      },
      (error: unknown) => String(error),
    );
    expect(failure).toContain('an appStart hook failed, so the app did not start: the fixture refuses to start');
  });

  it('refuses an app whose binding expression names a missing setting', async () => {
    const { FIXTURE_FAST_SCHEDULE: _omitted, ...withoutSchedule } = queueSettings;
    const failure = await startHostedApp({ appRoot: fixture, env: withoutSchedule }).then(
      async (host) => {
        await host.stop();
        return 'started';
      },
      (error: unknown) => String(error),
    );
    expect(failure).toContain("timer function every-second: '%FIXTURE_FAST_SCHEDULE%' does not resolve to a value");
  });

  it('refuses an app with an output binding it would silently drop', async () => {
    const failure = await startHostedApp({
      appRoot: fixture,
      env: { ...queueSettings, FIXTURE_OUTPUT_BINDING: '1' },
    }).then(
      async (host) => {
        await host.stop();
        return 'started';
      },
      (error: unknown) => String(error),
    );
    expect(failure).toMatch(
      /function forwards declares a queue out binding \(\S+\), which the local host does not support/,
    );
  });

  it('lists every registration with its binding metadata without starting the app', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'local/host/main.ts'), fixture, '--list'],
      { cwd: repoRoot },
    );
    const listed = JSON.parse(stdout) as {
      functions: Array<{ name: string; trigger: string; triggerBinding: Record<string, unknown> }>;
      hooks: Record<string, number>;
    };
    expect(listed.functions.map((f) => `${f.name}:${f.trigger}`).sort()).toEqual([
      'always-fails:queueTrigger',
      'echo:httpTrigger',
      'every-second:timerTrigger',
      'hooked:httpTrigger',
      'manual:timerTrigger',
      'on-startup:timerTrigger',
      'pages:httpTrigger',
      'record-message:queueTrigger',
      'slow:queueTrigger',
      'throws:httpTrigger',
    ]);
    expect(listed.functions.find((f) => f.name === 'echo')!.triggerBinding).toMatchObject({
      route: 'echo/{id:guid}/{*rest}',
      methods: ['POST', 'PUT'],
    });
    expect(listed.functions.find((f) => f.name === 'record-message')!.triggerBinding).toMatchObject({
      queueName: '%FIXTURE_RECORDS_QUEUE%',
      connection: 'AzureWebJobsStorage',
    });
    expect(listed.hooks).toEqual({ appStart: 1, appTerminate: 1, preInvocation: 1, postInvocation: 1 });
  });
});
