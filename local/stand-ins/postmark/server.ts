import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendBounceWebhook, type BounceWebhookTarget } from './bounces';
import { failures, isRefusal, unanswered, type FailureMode } from './failures';
import { acceptMessage, bareAddress, matchesFilters, outboundSummary, type StoredMessage } from './messages';
import { servePage } from './pages';
import { stopServer } from '../../stop-server';

export interface PostmarkStandIn {
  readonly url: string;
  readonly serverToken: string;
  /** Every message accepted (sent), oldest first. */
  sent(): readonly StoredMessage[];
  /** Every API request that reached it (`POST /email`, `GET /messages/outbound`...), oldest first. */
  requests(): readonly string[];
  failNext(mode: FailureMode, count?: number): void;
  markInactive(address: string): void;
  /** Where bounces are reported from now on (an app started after the stand-in). */
  reportBouncesTo(target: BounceWebhookTarget): void;
  /** Sends Postmark's bounce webhook for a sent message, as a real bounce would. */
  bounce(messageId: string, type?: 'HardBounce' | 'SoftBounce'): Promise<number>;
  reset(): void;
  stop(): Promise<void>;
}

export interface PostmarkStandInOptions {
  readonly serverToken: string;
  readonly port?: number;
  readonly host?: string;
  /** Where bounces are reported (the app's webhook) and with which Basic credentials. */
  readonly bounceWebhook?: BounceWebhookTarget;
}

/** Postmark's own test address: mail to it is accepted and then reported as a hard bounce. */
export const hardBounceTestAddress = 'hardbounce@bounce-testing.postmarkapp.com';

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function tokenMatches(given: string | string[] | undefined, expected: string): boolean {
  const a = Buffer.from(typeof given === 'string' ? given : '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A local Postmark speaking its wire protocol: `POST /email`, `POST /email/batch`,
 * `GET /messages/outbound` (with `metadata_` filters) and `/messages/outbound/{id}/details`,
 * the `X-Postmark-Server-Token` header (401, ErrorCode 10, when wrong), its error shapes. It keeps
 * what it sends in memory and shows it at `/` like MailHog. Tests and `/_standin/*` tell it to fail.
 */
export async function startPostmarkStandIn(options: PostmarkStandInOptions): Promise<PostmarkStandIn> {
  const messages: StoredMessage[] = [];
  const requests: string[] = [];
  const inactive = new Set<string>();
  const queued: FailureMode[] = [];
  const byId = (id: string) => messages.find((m) => m.MessageID === id);
  let bounceWebhook = options.bounceWebhook;

  const bounce = async (messageId: string, type: 'HardBounce' | 'SoftBounce' = 'HardBounce') => {
    const message = byId(messageId);
    if (!message) throw new Error(`no message ${messageId}`);
    if (type === 'HardBounce') for (const address of message.To) inactive.add(bareAddress(address));
    if (!bounceWebhook) return 0;
    return sendBounceWebhook(bounceWebhook, message, type);
  };

  /** One send: a queued failure, or Postmark's own checks, or stored. */
  const send = (body: unknown): { status: number; body: Record<string, unknown>; unanswered?: FailureMode } => {
    const failure = queued.shift();
    if (failure && isRefusal(failure)) {
      const { status, ...rest } = failures[failure];
      return { status, body: rest };
    }
    const outcome = acceptMessage(body, inactive);
    if ('refusal' in outcome) {
      const { status, ...rest } = outcome.refusal;
      return { status, body: rest };
    }
    const { message } = outcome;
    messages.push(message);
    if (message.To.some((address) => bareAddress(address) === hardBounceTestAddress))
      setTimeout(() => void bounce(message.MessageID).catch(() => undefined), 50);
    const answer = {
      To: message.To.join(', '),
      SubmittedAt: message.ReceivedAt,
      MessageID: message.MessageID,
      ErrorCode: 0,
      Message: 'OK',
    };
    return { status: 200, body: answer, ...(failure ? { unanswered: failure } : {}) };
  };

  /** Drops the connection, or leaves it open and unanswered (`hold-response`), after sending. */
  const leaveUnanswered = (req: IncomingMessage, mode: FailureMode) => {
    if (mode === 'drop-response') req.socket.destroy();
  };

  const api = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    requests.push(`${req.method} ${url.pathname}`);
    if (!tokenMatches(req.headers['x-postmark-server-token'], options.serverToken)) {
      sendJson(res, 401, {
        ErrorCode: 10,
        Message:
          'The Server Token you provided in the X-Postmark-Server-Token request header was invalid. Please verify that you are using a valid token.',
      });
      return;
    }
    if (req.method === 'POST' && url.pathname === '/email') {
      const result = send(await readJson(req));
      if (result.unanswered) return leaveUnanswered(req, result.unanswered);
      return sendJson(res, result.status, result.body);
    }
    if (req.method === 'POST' && url.pathname === '/email/batch') {
      const body = await readJson(req);
      if (!Array.isArray(body) || body.length > 500)
        return sendJson(res, 422, { ErrorCode: 300, Message: 'A batch is a JSON array of at most 500 messages.' });
      const results = body.map((message) => send(message));
      const silent = results.find((r) => r.unanswered)?.unanswered;
      if (silent) return leaveUnanswered(req, silent);
      if (results.length > 0 && results.every((r) => r.status >= 429))
        return sendJson(res, results[0]!.status, results[0]!.body);
      return sendJson(
        res,
        200,
        results.map((r) => r.body),
      );
    }
    if (req.method === 'GET' && url.pathname === '/messages/outbound') {
      const count = Number(url.searchParams.get('count'));
      const offset = Number(url.searchParams.get('offset'));
      if (!Number.isInteger(count) || count < 1 || count > 500 || !Number.isInteger(offset) || offset < 0)
        return sendJson(res, 422, { ErrorCode: 1200, Message: 'count (1-500) and offset (0 or more) are required.' });
      const filters = new URLSearchParams([...url.searchParams].filter(([k]) => k !== 'count' && k !== 'offset'));
      const found = [...messages].reverse().filter((m) => matchesFilters(m, filters));
      return sendJson(res, 200, {
        TotalCount: found.length,
        Messages: found.slice(offset, offset + count).map(outboundSummary),
      });
    }
    const details = /^\/messages\/outbound\/([0-9a-f-]{36})\/details$/.exec(url.pathname);
    if (req.method === 'GET' && details) {
      const message = byId(details[1]!);
      if (!message) return sendJson(res, 422, { ErrorCode: 701, Message: 'This message was not found.' });
      return sendJson(res, 200, {
        ...outboundSummary(message),
        TextBody: message.TextBody ?? '',
        HtmlBody: message.HtmlBody ?? '',
        Body: '',
        MessageEvents: [],
      });
    }
    sendJson(res, 404, { ErrorCode: 404, Message: 'Not found' });
  };

  const control = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const body = ((await readJson(req)) ?? {}) as {
      mode?: FailureMode;
      count?: number;
      email?: string;
      messageId?: string;
    };
    if (url.pathname === '/_standin/failures' && body.mode && (body.mode in failures || unanswered.has(body.mode))) {
      standIn.failNext(body.mode, body.count ?? 1);
      return sendJson(res, 200, { queued: queued.length });
    }
    if (url.pathname === '/_standin/inactive' && body.email) {
      standIn.markInactive(body.email);
      return sendJson(res, 200, { inactive: [...inactive] });
    }
    if (url.pathname === '/_standin/bounce' && body.messageId)
      return sendJson(res, 200, { webhookStatus: await bounce(body.messageId) });
    if (url.pathname === '/_standin/reset') {
      standIn.reset();
      return sendJson(res, 200, {});
    }
    sendJson(res, 404, { Message: 'Unknown stand-in control' });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const handle = async () => {
      if (req.method === 'GET' && servePage(res, url, messages)) return;
      if (req.method === 'POST' && url.pathname.startsWith('/_standin/')) return control(req, res, url);
      return api(req, res, url);
    };
    handle().catch((error: unknown) => sendJson(res, 500, { ErrorCode: 500, Message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const standIn: PostmarkStandIn = {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    serverToken: options.serverToken,
    sent: () => [...messages],
    requests: () => [...requests],
    failNext(mode, count = 1) {
      for (let i = 0; i < count; i += 1) queued.push(mode);
    },
    markInactive: (address) => void inactive.add(bareAddress(address)),
    reportBouncesTo: (target) => void (bounceWebhook = target),
    bounce,
    reset() {
      messages.length = 0;
      requests.length = 0;
      queued.length = 0;
      inactive.clear();
    },
    stop: () => stopServer(server),
  };
  return standIn;
}

export type { FailureMode } from './failures';
