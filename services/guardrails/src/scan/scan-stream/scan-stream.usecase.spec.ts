import { Sealer } from '../../common/sealer';
import { FakeApprovals, FakeEvents, FakePolicies, newMetrics, newVaultStore, policyFrom, testConfig, testEngine } from '../../testing/scan-fixtures';
import type { VaultStore } from '../vault-store';
import { ScanTextsUseCase } from '../scan-texts/scan-texts.usecase';
import { type ScanStreamResponse, ScanStreamUseCase } from './scan-stream.usecase';

const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const EMAIL = 'ana.kowalski@example.com';

describe('ScanStreamUseCase', () => {
  let policies: FakePolicies;
  let events: FakeEvents;
  const stores: VaultStore[] = [];
  /** A replica: its own vault store and use cases, the shared key. */
  const replica = () => {
    const vaults = newVaultStore();
    stores.push(vaults);
    const texts = new ScanTextsUseCase(testEngine(), policies.asCache(), vaults, events.asEvents(), new FakeApprovals().asRequester(), newMetrics());
    return { texts, stream: new ScanStreamUseCase(testEngine(), texts, vaults, new Sealer(testConfig), events.asEvents(), testConfig) };
  };

  beforeEach(() => {
    policies = new FakePolicies();
    policies.policy = policyFrom('version: 1\ninput:\n  injection: { enabled: false }\n');
    events = new FakeEvents();
  });
  afterEach(() => stores.splice(0).forEach((s) => s.onModuleDestroy()));

  /** Streams the chunks, each call answered by the next replica in turn. */
  async function run(chunks: string[], replicas: ReturnType<typeof replica>[], vaultToken?: string, requestId = 'req-s') {
    let state: string | undefined;
    let out = '';
    const replies: ScanStreamResponse[] = [];
    for (let seq = 0; seq < chunks.length; seq++) {
      const r = await replicas[seq % replicas.length].stream.execute({
        requestId,
        orgId: 'org-1',
        seq,
        delta: chunks[seq],
        final: seq === chunks.length - 1,
        ...(state ? { state } : {}),
        ...(vaultToken ? { vaultToken } : {}),
      });
      replies.push(r);
      out += r.text;
      state = r.state;
      if (r.action === 'block') break;
    }
    return { out, replies };
  }

  it('catches a secret split across chunks, with the chunks answered by different replicas', async () => {
    const text = `Here is the key you asked for: ${AWS_KEY} — keep it safe.`;
    const cut = text.indexOf(AWS_KEY) + 9;
    const { out, replies } = await run([text.slice(0, cut), text.slice(cut, cut + 5), text.slice(cut + 5)], [replica(), replica(), replica()]);
    expect(out).toBe('Here is the key you asked for: [aws-access-key-id_1] — keep it safe.');
    expect(replies.flatMap((r) => r.findings)).toEqual([expect.objectContaining({ scanner: 'secrets', type: 'aws-access-key-id', action: 'redact' })]);
    expect(JSON.stringify(events.violations)).not.toContain(AWS_KEY);
    expect(replies.at(-1)!.state).toBeUndefined();
  });

  it('holds back no more than one window', async () => {
    const chunks = Array.from({ length: 40 }, (_, i) => `word${i} `.repeat(5));
    const { out, replies } = await run(chunks, [replica()]);
    expect(out).toBe(chunks.join(''));
    expect(Math.max(...replies.map((r) => r.held))).toBeLessThanOrEqual(256);
  });

  it('restores a placeholder of the input vault that arrives split across chunks', async () => {
    const [a, b] = [replica(), replica()];
    const input = await a.texts.execute('input', { requestId: 'req-v', orgId: 'org-1', texts: [`Write to ${EMAIL}`] });
    expect(input.texts![0]).toBe('Write to [EMAIL_ADDRESS_1]');
    const { out } = await run(['Sure, I will write to [EMAIL_AD', 'DRESS_1] today.'], [b, a], input.vaultToken, 'req-v');
    expect(out).toBe(`Sure, I will write to ${EMAIL} today.`);
  });

  it('stops a stream whose output policy blocks what it found', async () => {
    policies.policy = policyFrom('version: 1\noutput:\n  secrets: { action: block }\n');
    const { out, replies } = await run([`The key is ${AWS_KEY.slice(0, 8)}`, `${AWS_KEY.slice(8)} and more text follows here.`], [replica()]);
    expect(replies.at(-1)!.action).toBe('block');
    // the window is scanned when it is released: here at the end, and nothing of it went out
    expect(replies.slice(0, -1).every((r) => r.text === '')).toBe(true);
    expect(out).not.toContain(AWS_KEY.slice(4, 12));
    expect(events.violations.at(-1)!.data).toMatchObject({ direction: 'output', scanner: 'secrets', action: 'block' });
  });

  it('refuses a call without the previous state, with an altered state, or out of order', async () => {
    const { stream } = replica();
    const first = await stream.execute({ requestId: 'req-o', orgId: 'org-1', seq: 0, delta: 'hello ', final: false });
    await expect(stream.execute({ requestId: 'req-o', orgId: 'org-1', seq: 1, delta: 'x', final: false })).rejects.toMatchObject({ code: 'scan_stream_state_invalid' });
    const altered = `${first.state!.slice(0, -4)}AAAA`;
    await expect(stream.execute({ requestId: 'req-o', orgId: 'org-1', seq: 1, delta: 'x', final: false, state: altered })).rejects.toMatchObject({ code: 'scan_stream_state_invalid' });
    await expect(stream.execute({ requestId: 'req-other', orgId: 'org-1', seq: 1, delta: 'x', final: false, state: first.state })).rejects.toMatchObject({ code: 'scan_stream_state_invalid' });
    await expect(stream.execute({ requestId: 'req-o', orgId: 'org-1', seq: 2, delta: 'x', final: false, state: first.state })).rejects.toMatchObject({ code: 'scan_stream_out_of_order' });
  });

  it('never puts held text in clear into the state', async () => {
    const { stream } = replica();
    const r = await stream.execute({ requestId: 'req-c', orgId: 'org-1', seq: 0, delta: `secret-ish tail ${EMAIL}`, final: false });
    expect(r.held).toBeGreaterThan(0);
    expect(Buffer.from(r.state!.slice(3), 'base64url').toString('latin1')).not.toContain('kowalski');
  });
});
