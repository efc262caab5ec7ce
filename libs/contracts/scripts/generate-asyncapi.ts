/**
 * Writes generated/asyncapi.json (AsyncAPI 3.0) from the contracts: every event subject with its
 * envelope-wrapped payload schema, and every RPC subject with request and reply schemas.
 * `--check` exits 1 when the committed document differs from what the contracts generate.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { envelopeSchema, EVENT_CONTRACTS, RPC_CONTRACTS, ALL_STREAMS } from '../src';

const target = join(__dirname, '..', 'generated', 'asyncapi.json');
const jsonSchema = (s: z.ZodType) => z.toJSONSchema(s, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
const key = (subject: string) => subject.replace(/[^a-zA-Z0-9]+/g, '_');

const channels: Record<string, unknown> = {};
const operations: Record<string, unknown> = {};
const messages: Record<string, unknown> = {};

for (const c of Object.values(EVENT_CONTRACTS)) {
  const k = key(c.subject);
  const envelope = jsonSchema(envelopeSchema.extend({ type: z.literal(c.subject), dataversion: z.literal(c.version), data: c.schema }));
  messages[k] = { name: c.subject, title: c.subject, summary: c.description, contentType: 'application/json', payload: envelope };
  channels[k] = {
    address: c.subject,
    description: `${c.description} Stored in stream ${c.stream}.`,
    messages: { [k]: { $ref: `#/components/messages/${k}` } },
    'x-ironcage-stream': c.stream,
  };
  operations[`on_${k}`] = { action: 'receive', channel: { $ref: `#/channels/${k}` } };
}

for (const c of Object.values(RPC_CONTRACTS)) {
  const k = key(c.subject);
  messages[`${k}_request`] = { name: `${c.subject} request`, contentType: 'application/json', payload: jsonSchema(c.request) };
  messages[`${k}_reply`] = { name: `${c.subject} reply`, contentType: 'application/json', payload: jsonSchema(c.response) };
  channels[k] = {
    address: c.subject,
    description: `${c.description} Core NATS request/reply, default deadline ${c.timeoutMs} ms; errors carry a code in the Ironcage-Error-Code header.`,
    messages: { request: { $ref: `#/components/messages/${k}_request` }, reply: { $ref: `#/components/messages/${k}_reply` } },
  };
  operations[`call_${k}`] = {
    action: 'send',
    channel: { $ref: `#/channels/${k}` },
    messages: [{ $ref: `#/channels/${k}/messages/request` }],
    reply: { messages: [{ $ref: `#/channels/${k}/messages/reply` }] },
  };
}

const doc = {
  asyncapi: '3.0.0',
  info: {
    title: 'Iron Cage bus',
    version: '1.0.0',
    description: 'Events (NATS JetStream) and RPC subjects (core NATS request/reply) of Iron Cage. Generated from libs/contracts; do not edit.',
  },
  defaultContentType: 'application/json',
  servers: { local: { host: 'localhost:4222', protocol: 'nats' } },
  channels,
  operations,
  components: { messages },
  'x-ironcage-streams': ALL_STREAMS,
};

const text = `${JSON.stringify(doc, null, 2)}\n`;
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    /* missing counts as stale */
  }
  if (current !== text) {
    process.stderr.write('libs/contracts/generated/asyncapi.json is stale: run `npm run contracts:generate` and commit it.\n');
    process.exit(1);
  }
  process.stdout.write('asyncapi.json is up to date\n');
} else {
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target}\n`);
}
