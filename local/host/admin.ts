import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppRegistry } from './functions-core';
import { sendProblem } from './http-server';
import { invoke } from './invoke';
import type { TimerScheduler } from './timer-scheduler';

async function readJson(req: IncomingMessage): Promise<{ input?: unknown }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const body: unknown = text ? JSON.parse(text) : {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
  return body;
}

/**
 * `POST /admin/functions/{name}` runs a non-HTTP function now, like Core Tools' admin API: the
 * body `{ "input": "..." }` becomes the trigger input (a queue message's text), 202 once
 * accepted. Local only: the host listens on loopback and asks for no master key.
 */
export function adminHandler(registry: AppRegistry, timers: TimerScheduler, log: (line: string) => void) {
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    const match = /^\/admin\/functions\/([^/]+)$/.exec(path);
    if (!match) return false;
    const name = decodeURIComponent(match[1]!);
    const fn = registry.functions.get(name);
    if (!fn || fn.trigger.type === 'httpTrigger') {
      sendProblem(res, 404, 'Not Found', `No non-HTTP function named ${name}`);
      return true;
    }
    if (req.method !== 'POST') {
      sendProblem(res, 405, 'Method Not Allowed', 'Use POST to run a function', { allow: 'POST' });
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
      return true;
    }
    const started = performance.now();
    const input = typeof body.input === 'string' ? body.input : JSON.stringify(body.input ?? null);
    try {
      await invoke(registry, fn, { string: input });
      log(`${name} admin ok ${(performance.now() - started).toFixed(1)}ms`);
    } catch (error) {
      log(
        `${name} admin failed ${(performance.now() - started).toFixed(1)}ms: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return true;
  };
}
