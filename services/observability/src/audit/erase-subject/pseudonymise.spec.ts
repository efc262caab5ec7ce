import { pseudonymise } from './pseudonymise';

describe('pseudonymise', () => {
  it('replaces the subject as a whole value or token, in values and names, and nothing that only contains it', () => {
    const input = { actor: { id: 'alice', userId: 'alice' }, resource: 'user:alice', summary: 'reveal by alice: asked by malice and alice2', data: { alice: ['alice', 'x'] } };
    const { value, changed } = pseudonymise(input, 'alice', 'anon-1');
    expect(changed).toBe(true);
    expect(value).toEqual({ actor: { id: 'anon-1', userId: 'anon-1' }, resource: 'user:anon-1', summary: 'reveal by anon-1: asked by malice and alice2', data: { 'anon-1': ['anon-1', 'x'] } });
    expect(input.actor.id).toBe('alice');
  });

  it('says when there was nothing to replace', () => {
    expect(pseudonymise({ a: 'malice', b: 3, c: null }, 'alice', 'p')).toEqual({ value: { a: 'malice', b: 3, c: null }, changed: false });
  });

  it('treats the subject literally, not as a pattern', () => {
    expect(pseudonymise({ e: 'a.b+c@x.io wrote' }, 'a.b+c@x.io', 'p').value).toEqual({ e: 'p wrote' });
  });
});
