import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { verifyWebhookSignature } from '../alerts/deliver/webhook-signature';

export interface Received {
  body: string;
  json: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  status: number;
}

/** A local HTTP endpoint: `answer` decides the status and body of each request, every request is kept. */
export async function httpReceiver(answer: (req: { json: Record<string, unknown>; body: string; headers: IncomingHttpHeaders; n: number }) => { status: number; body?: unknown; headers?: Record<string, string> }) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        // kept as text
      }
      const out = answer({ json, body, headers: req.headers, n: received.length + 1 });
      received.push({ body, json, headers: req.headers, status: out.status });
      res.writeHead(out.status, { 'content-type': typeof out.body === 'string' ? 'text/plain' : 'application/json', ...out.headers });
      res.end(out.body === undefined ? '' : typeof out.body === 'string' ? out.body : JSON.stringify(out.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A Slack incoming webhook: 200 "ok" for a JSON body with `text`, 400 "invalid_payload" otherwise (as Slack answers). */
export const slackReceiver = () =>
  httpReceiver(({ json }) => (typeof json.text === 'string' && json.text.length > 0 ? { status: 200, body: 'ok' } : { status: 400, body: 'invalid_payload' }));

const PD_SEVERITIES = ['critical', 'error', 'warning', 'info'];

/**
 * The PagerDuty Events API v2 enqueue endpoint as documented: 202 `{status:"success", message, dedup_key}`
 * for a valid event, 400 `{status:"invalid event", errors}` otherwise.
 */
export const pagerDutyReceiver = (routingKey: string) =>
  httpReceiver(({ json }) => {
    const errors: string[] = [];
    const payload = json.payload as Record<string, unknown> | undefined;
    if (json.routing_key !== routingKey) errors.push('routing_key is invalid');
    if (json.event_action !== 'trigger' && json.event_action !== 'resolve' && json.event_action !== 'acknowledge') errors.push('event_action is invalid');
    if (json.event_action !== 'trigger' && typeof json.dedup_key !== 'string') errors.push('dedup_key is required for resolve');
    if (typeof json.dedup_key === 'string' && json.dedup_key.length > 255) errors.push('dedup_key is too long');
    if (json.event_action === 'trigger') {
      if (typeof payload?.summary !== 'string' || payload.summary.length === 0 || payload.summary.length > 1024) errors.push("'payload.summary' is missing or too long");
      if (typeof payload?.source !== 'string' || !payload.source) errors.push("'payload.source' is missing");
      if (!PD_SEVERITIES.includes(payload?.severity as string)) errors.push("'payload.severity' is invalid");
      if (payload?.timestamp !== undefined && Number.isNaN(Date.parse(payload.timestamp as string))) errors.push("'payload.timestamp' is invalid");
    }
    if (errors.length) return { status: 400, body: { status: 'invalid event', message: 'Event object is invalid', errors } };
    return { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: json.dedup_key ?? 'generated' } };
  });

/** A webhook receiver that checks the signature like a customer would, answering per `plan` (attempt number → status). */
export const signedWebhookReceiver = (secret: () => string, plan: (attempt: number, deliveryId: string) => number) => {
  const attempts = new Map<string, number>();
  const verified: boolean[] = [];
  return httpReceiver(({ body, headers }) => {
    const ok = verifyWebhookSignature(headers['x-ironcage-signature'] as string | undefined, body, secret(), Math.floor(Date.now() / 1000));
    verified.push(ok);
    if (!ok) return { status: 401, body: { error: 'bad signature' } };
    const id = headers['x-ironcage-delivery'] as string;
    const n = (attempts.get(id) ?? 0) + 1;
    attempts.set(id, n);
    return { status: plan(n, id), body: { received: true } };
  }).then((r) => ({ ...r, verified, attempts }));
};

export interface Mail {
  from?: string;
  to: string[];
  subject?: string;
  text?: string;
  headers: Map<string, unknown>;
  user?: string;
}

/** A real SMTP server (smtp-server) requiring AUTH PLAIN/LOGIN with the given account; mails are parsed with mailparser. */
export async function smtpReceiver(account: { user: string; pass: string }) {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === account.user && auth.password === account.pass) return cb(null, { user: auth.username });
      return cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      simpleParser(stream)
        .then((m) => {
          const to = Array.isArray(m.to) ? m.to.flatMap((a) => a.value) : (m.to?.value ?? []);
          mails.push({ from: m.from?.value[0]?.address, to: to.map((a) => a.address ?? ''), subject: m.subject, text: m.text, headers: m.headers, user: session.user as string | undefined });
          cb();
        })
        .catch((e: Error) => cb(e));
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise<void>((r) => server.close(() => r())) };
}
