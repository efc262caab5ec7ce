import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhookSignature } from './webhook-signature';

describe('signWebhook', () => {
  const body = '{"id":"d-1","type":"alert.firing"}';

  it('signs "<t>.<body>" with HMAC-SHA256 as Stripe does: t=<unix>,v1=<hex>', () => {
    const expected = createHmac('sha256', 'whsec_test').update(`1767225600.${body}`).digest('hex');
    expect(signWebhook('whsec_test', body, 1767225600)).toBe(`t=1767225600,v1=${expected}`);
  });

  it('verifies for the receiver: the right secret and a fresh timestamp only', () => {
    const header = signWebhook('whsec_test', body, 1000);
    expect(verifyWebhookSignature(header, body, 'whsec_test', 1100)).toBe(true);
    expect(verifyWebhookSignature(header, body, 'whsec_other', 1100)).toBe(false);
    expect(verifyWebhookSignature(header, `${body} `, 'whsec_test', 1100)).toBe(false);
    expect(verifyWebhookSignature(header, body, 'whsec_test', 1000 + 301)).toBe(false); // a replay after the tolerance
    expect(verifyWebhookSignature(undefined, body, 'whsec_test', 1000)).toBe(false);
  });
});
