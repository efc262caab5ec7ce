import { Logger } from '@nestjs/common';
import type { BusConnection } from '@ironcage/bus';
import { credentialRevokedEvent, credentialRotatedEvent } from '@ironcage/contracts';
import { CredentialLeaseEvents } from './credential-lease-events';
import type { LeasedCredentialSource } from './leased-credential-source';

const encoder = new TextEncoder();
const envelope = (type: string, data: unknown) =>
  encoder.encode(JSON.stringify({ id: `e-${type}`, type, specversion: '1.0', dataversion: 1, source: 'credentials', time: new Date().toISOString(), orgId: 'platform', data }));

/** A bus whose ordered consumer yields the given messages, then waits until closed. */
function fakeBus(messages: { subject: string; data: Uint8Array }[]) {
  const gets: unknown[][] = [];
  let statusListener: ((s: { type: string }) => void) | undefined;
  let release!: () => void;
  const closed = new Promise<void>((r) => (release = r));
  const bus = {
    naming: { stream: (s: string) => `ns_${s}`, subject: (s: string) => `ns.${s}` },
    onStatus: (l: (s: { type: string }) => void) => {
      statusListener = l;
      return () => (statusListener = undefined);
    },
    js: {
      consumers: {
        get: async (...args: unknown[]) => {
          gets.push(args);
          return {
            consume: async () => ({
              async *[Symbol.asyncIterator]() {
                yield* messages;
                await closed;
              },
              close: async () => release(),
            }),
          };
        },
      },
    },
  };
  return { bus: bus as unknown as BusConnection, gets, status: (type: string) => statusListener?.({ type }) };
}

describe('CredentialLeaseEvents', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose']));

  it('drops the leases of each rotated or revoked credential, on a per-replica consumer of new events', async () => {
    const { bus, gets, status } = fakeBus([
      { subject: 'ns.credential.rotated', data: envelope('credential.rotated', { credentialId: 'cred-1', provider: 'openai', currentVersion: 2 }) },
      { subject: 'ns.credential.rotated', data: encoder.encode('not json') },
      { subject: 'ns.credential.revoked', data: envelope('credential.revoked', { credentialId: 'cred-2', provider: 'openai', versions: [1], reason: 'deleted', providerRevoked: false }) },
    ]);
    const source = { dropCredential: jest.fn(() => 1), renewAll: jest.fn() };
    const events = new CredentialLeaseEvents(bus, source as unknown as LeasedCredentialSource, true);
    await events.onApplicationBootstrap();
    await new Promise((r) => setImmediate(r));
    expect(gets).toEqual([
      ['ns_CREDENTIALS', { filter_subjects: [`ns.${credentialRotatedEvent.subject}`, `ns.${credentialRevokedEvent.subject}`], deliver_policy: 'new' }],
    ]);
    expect(source.dropCredential.mock.calls).toEqual([['cred-1', 'rotated'], ['cred-2', 'revoked']]);
    status('reconnect');
    expect(source.renewAll).toHaveBeenCalledTimes(1);
    await events.onApplicationShutdown();
  });

  it('does nothing when the gateway reads keys from configuration', async () => {
    const { bus, gets } = fakeBus([]);
    const events = new CredentialLeaseEvents(bus, {} as LeasedCredentialSource, false);
    await events.onApplicationBootstrap();
    await events.onApplicationShutdown();
    expect(gets).toEqual([]);
  });
});
