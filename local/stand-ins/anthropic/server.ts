import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerFor } from './answers';
import { failureModes, refusals, type FailureMode } from './failures';
import { stopServer } from '../../stop-server';

/** One request the stand-in received on /v1/messages, exactly as it arrived. */
export interface RecordedRequest {
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The raw body text: what crossed the wire. */
  readonly raw: string;
  readonly body: unknown;
}

export interface AnthropicStandIn {
  readonly url: string;
  readonly apiKey: string;
  /** Every authenticated request to /v1/messages, oldest first (failed ones too). */
  requests(): readonly RecordedRequest[];
  failNext(mode: FailureMode, count?: number): void;
  reset(): void;
  stop(): Promise<void>;
}

export interface AnthropicStandInOptions {
  readonly apiKey: string;
  readonly port?: number;
  readonly host?: string;
}

interface MessagesRequest {
  readonly model?: unknown;
  readonly max_tokens?: unknown;
  readonly messages?: unknown;
  readonly tools?: ReadonlyArray<{ name?: string; input_schema?: { properties?: { code?: { enum?: string[] } } } }>;
  readonly tool_choice?: { type?: string; name?: string };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'request-id': `req_standin_${randomUUID()}`,
    ...headers,
  });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, type: string, message: string, extra: object = {}) {
  send(res, status, { type: 'error', error: { type, message, ...extra } }, {});
}

function same(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The key as `x-api-key`, or as `Authorization: Bearer` (how the official TypeScript client sends it). */
function keyMatches(req: IncomingMessage, expected: string): boolean {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string') return same(header, expected);
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  return same(bearer?.[1], expected);
}

const textOf = (messages: unknown): string =>
  Array.isArray(messages)
    ? messages
        .map((m: { content?: unknown }) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)))
        .join('\n')
    : '';

/**
 * A local Anthropic speaking the Messages API: `POST /v1/messages` with the key (`x-api-key` or a
 * bearer token) and the `anthropic-version` header, a forced tool call answered with a `tool_use` block, and the error
 * shapes (`{"type":"error","error":{"type":…,"message":…}}`, 429 with `retry-after`, 529). Its
 * answers come deterministically from the item's words, so the demo works without a key. It keeps
 * every request body so tests can see exactly what left. Tests and `/_standin/*` tell it to fail.
 */
export async function startAnthropicStandIn(options: AnthropicStandInOptions): Promise<AnthropicStandIn> {
  const recorded: RecordedRequest[] = [];
  const queued: FailureMode[] = [];
  let messageCount = 0;

  const messages = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    let body: MessagesRequest;
    try {
      body = JSON.parse(raw) as MessagesRequest;
    } catch {
      return sendError(res, 400, 'invalid_request_error', 'The request body is not valid JSON.');
    }
    recorded.push({
      headers: {
        'x-api-key': req.headers['x-api-key'] as string | undefined,
        authorization: req.headers.authorization,
        'anthropic-version': req.headers['anthropic-version'] as string | undefined,
        'content-type': req.headers['content-type'],
      },
      raw,
      body,
    });
    if (!req.headers['anthropic-version'])
      return sendError(res, 400, 'invalid_request_error', 'anthropic-version: header is required');
    if (typeof body.model !== 'string' || typeof body.max_tokens !== 'number' || !Array.isArray(body.messages))
      return sendError(res, 400, 'invalid_request_error', 'model, max_tokens and messages are required');
    const failure = queued.shift();
    if (failure && failure in refusals) {
      const refusal = refusals[failure as keyof typeof refusals];
      return send(
        res,
        refusal.status,
        {
          type: 'error',
          error: {
            type: refusal.type,
            message: refusal.message,
            ...(refusal.details ? { details: refusal.details } : {}),
          },
        },
        { ...refusal.headers },
      );
    }
    const tool = body.tools?.find((t) => t.name === body.tool_choice?.name) ?? body.tools?.[0];
    const offered = tool?.input_schema?.properties?.code?.enum ?? [];
    const answer = answerFor(textOf(body.messages), offered);
    messageCount += 1;
    const content =
      failure === 'malformed' || !tool
        ? [{ type: 'text', text: `I would suggest ${answer.code}.` }]
        : [
            {
              type: 'tool_use',
              id: `toolu_standin_${messageCount}`,
              name: tool.name,
              input: failure === 'out-of-taxonomy' ? { ...answer, code: 'txcd_12345678' } : answer,
            },
          ];
    send(res, 200, {
      id: `msg_standin_${messageCount}`,
      type: 'message',
      role: 'assistant',
      model: body.model,
      content,
      stop_reason: content[0]!.type === 'tool_use' ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: Math.ceil(raw.length / 4), output_tokens: 40 },
    });
  };

  const control = (res: ServerResponse, path: string, raw: string) => {
    const body = (raw ? (JSON.parse(raw) as { mode?: FailureMode; count?: number }) : {}) ?? {};
    if (path === '/_standin/failures' && body.mode && failureModes.includes(body.mode)) {
      standIn.failNext(body.mode, body.count ?? 1);
      return send(res, 200, { queued: queued.length });
    }
    if (path === '/_standin/reset') {
      standIn.reset();
      return send(res, 200, {});
    }
    send(res, 404, { message: 'Unknown stand-in control' });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      try {
        if (req.method === 'GET' && path === '/_standin/requests') return send(res, 200, recorded);
        if (req.method === 'POST' && path.startsWith('/_standin/')) return control(res, path, raw);
        if (!keyMatches(req, options.apiKey)) return sendError(res, 401, 'authentication_error', 'invalid x-api-key');
        if (req.method === 'POST' && path === '/v1/messages') return messages(req, res, raw);
        sendError(res, 404, 'not_found_error', `${req.method} ${path} is not an endpoint here`);
      } catch (error) {
        sendError(res, 500, 'api_error', String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const standIn: AnthropicStandIn = {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    apiKey: options.apiKey,
    requests: () => [...recorded],
    failNext(mode, count = 1) {
      for (let i = 0; i < count; i += 1) queued.push(mode);
    },
    reset() {
      recorded.length = 0;
      queued.length = 0;
    },
    stop: () => stopServer(server),
  };
  return standIn;
}

export type { FailureMode } from './failures';
