import type { ChatCompletionChunk } from '../providers';
import { OutputWindow } from './chat-completions.usecase';

const chunk = (delta: ChatCompletionChunk['choices'][0]['delta'], finish: 'stop' | null = null): ChatCompletionChunk => ({
  id: 'c1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices: [{ index: 0, delta, finish_reason: finish }],
});
const texts = (chunks: ChatCompletionChunk[]) => chunks.map((c) => c.choices[0]?.delta.content ?? null);

describe('OutputWindow (streamed output held back for guardrails)', () => {
  it('closes once it holds enough text and the next text starts a new word, or at twice its size', () => {
    const w = new OutputWindow(8);
    w.add(chunk({ content: 'Hello' }), 'Hello');
    expect(w.closesBefore(' big')).toBe(false);
    w.add(chunk({ content: ' big' }), ' big');
    expect(w.closesBefore('gest')).toBe(false);
    expect(w.closesBefore(' world')).toBe(true);
    w.add(chunk({ content: 'xxxxxxx' }), 'xxxxxxx');
    expect(w.overfull()).toBe(true);
  });

  it('puts what guardrails released in the first text chunk and keeps the others only for what else they carry', () => {
    const w = new OutputWindow(8);
    const parts = [chunk({ role: 'assistant', content: '' }), chunk({ content: 'my key' }), chunk({ content: ' is sk-123' }), chunk({}, 'stop')];
    for (const p of parts) w.add(p, p.choices[0].delta.content ?? '');
    const out = w.release('my key is [REDACTED]');
    expect(texts(out)).toEqual(['', 'my key is [REDACTED]', null]);
    expect(out[0].choices[0].delta.role).toBe('assistant');
    expect(out[2].choices[0].finish_reason).toBe('stop');
    expect(w.text).toBe('');
  });

  it('sends nothing of a window guardrails hold back, and the held text later in a chunk of its own', () => {
    const w = new OutputWindow(8);
    w.add(chunk({ content: 'partial' }), 'partial');
    expect(w.release('')).toEqual([]);
    w.add(chunk({}, 'stop'), '');
    const out = w.release('partial');
    expect(texts(out)).toEqual(['partial', null]);
    expect(out[1].choices[0].finish_reason).toBe('stop');
  });
});
