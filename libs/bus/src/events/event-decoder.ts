import { type Envelope, envelopeSchema, type EventContract } from '@ironcage/contracts';
import { formatIssues } from '../errors/issues';

export type DecodedEvent = { ok: true; envelope: Envelope } | { ok: false; reason: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses and validates one stored event against the envelope and its contract. The reason of a
 * rejection is precise but never quotes the payload (it may hold a prompt).
 */
export function decodeEvent(bytes: Uint8Array, contract: EventContract): DecodedEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(decoder.decode(bytes));
  } catch {
    return { ok: false, reason: `payload is not valid UTF-8 JSON (${bytes.length} bytes)` };
  }
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) return { ok: false, reason: `envelope is invalid: ${formatIssues(envelope.error)}` };
  const { type, dataversion } = envelope.data;
  if (type !== contract.subject) {
    return { ok: false, reason: `envelope type "${type}" does not match subject ${contract.subject}` };
  }
  if (dataversion !== contract.version) {
    return { ok: false, reason: `dataversion ${dataversion} is not supported for ${contract.subject} (expected ${contract.version})` };
  }
  const data = contract.schema.safeParse(envelope.data.data);
  if (!data.success) {
    return { ok: false, reason: `data breaks the ${contract.subject} v${contract.version} contract: ${formatIssues(data.error, 'data')}` };
  }
  return { ok: true, envelope: { ...envelope.data, data: data.data } };
}
