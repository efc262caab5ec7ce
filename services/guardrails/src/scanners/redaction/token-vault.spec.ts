import { TokenVault } from './token-vault';

describe('TokenVault', () => {
  it('restores placeholders in a model response', () => {
    const vault = new TokenVault();
    const p = vault.tokenize('EMAIL_ADDRESS', 'ana@example.com');
    expect(p).toBe('[EMAIL_ADDRESS_1]');
    expect(vault.detokenize(`I wrote to ${p} as asked.`)).toBe('I wrote to ana@example.com as asked.');
  });

  it('leaves placeholders it did not issue alone', () => {
    const vault = new TokenVault();
    expect(vault.detokenize('see [PERSON_7] and [link]')).toBe('see [PERSON_7] and [link]');
  });

  it('keeps the originals only in encrypted form', () => {
    const vault = new TokenVault();
    vault.tokenize('US_SSN', '536-22-8726');
    const dump = JSON.stringify([...((vault as unknown as { sealed: Map<string, { data: Buffer }> }).sealed.values())].map((s) => s.data.toString('latin1')));
    expect(dump).not.toContain('536-22-8726');
  });

  it('uses a different key per vault', () => {
    const a = new TokenVault();
    const b = new TokenVault();
    const p = a.tokenize('PERSON', 'Ana Lima');
    expect(b.tokenize('PERSON', 'Ana Lima')).toBe(p);
    expect(b.reveal('[PERSON_2]')).toBeUndefined();
    expect(a.reveal(p)).toBe('Ana Lima');
  });

  it('cannot reveal anything once destroyed', () => {
    const vault = new TokenVault();
    const p = vault.tokenize('PERSON', 'Ana Lima');
    vault.destroy();
    expect(() => vault.reveal(p)).toThrow(/destroyed/);
  });

  describe('Detokenizer', () => {
    it('restores a placeholder split across stream chunks', () => {
      const vault = new TokenVault();
      const p = vault.tokenize('EMAIL_ADDRESS', 'ana@example.com');
      const d = vault.createDetokenizer();
      const chunks = ['Contact ', p.slice(0, 4), p.slice(4, 11), p.slice(11), ' today', ' [not a token'];
      const out = chunks.map((c) => d.push(c)).join('') + d.end();
      expect(out).toBe('Contact ana@example.com today [not a token');
    });

    it('releases a "[" that cannot start a placeholder at once', () => {
      const d = new TokenVault().createDetokenizer();
      expect(d.push('array[0] = [')).toBe('array[0] = ');
      expect(d.push(' 1]')).toBe('[ 1]');
    });
  });
});
