import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppRegistry } from './functions-core';
import { sendProblem } from './http-server';
import { invoke } from './invoke';
import type { TimerScheduler } from './timer-scheduler';

async function readJson(req: IncomingMessage): Promise<{ input?: unknown }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as { input?: unknown }) : {};
}

/**
 * `POST /admin/functions/{name}` runs a non-HTTP function now, like Core Tools' admin API
 * (body `{ "input": "..." }`). Local only: the host listens on loopback.
 */
export function adminHandler(registry: AppRegistry, timers: TimerScheduler) {
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    const match = /^\/admin\/functions\/([^/]+)$/.exec(path);
    if (!match) return false;
    if (req.method !== 'POST') {
      sendProblem(res, 405, 'Method Not Allowed', 'Use POST to run a function', { allow: 'POST' });
      return true;
    }
    const name = decodeURIComponent(match[1]!);
    const fn = registry.functions.get(name);
    if (!fn || fn.trigger.type === 'httpTrigger') {
      sendProblem(res, 404, 'Not Found', `No non-HTTP function named ${name}`);
      return true;
    }
    let body: { input?: unknown };
    try {
      body = await readJson(req);
    } catch {
      sendProblem(res, 400, 'Bad Request', 'The body must be JSON like {"input": "..."}');
      return true;
    }
    res.writeHead(202).end();
    if (fn.trigger.type === 'timerTrigger') {
      await timers.fire(name);
    } else {
      const input = typeof body.input === 'string' ? body.input : JSON.stringify(body.input ?? null);
      await invoke(registry, fn, { string: input }).catch((error: unknown) =>
        console.error(`${name} failed when run from the admin API:`, error),
      );
    }
    return true;
  };
}
