import type { Detokenizer, Finding, StreamScanner } from '../../scanners';

/**
 * What a StreamScanner and a Detokenizer hold between two chunks, as plain data: the stream RPC
 * seals it into the reply and gets it back with the next chunk, so any replica can carry on a
 * stream. It reads the scanners' private fields — the round-trip spec beside this file fails the
 * moment their shape changes.
 */
export interface StreamSnapshot {
  buffer: string;
  contextTail: string;
  offset: number;
  suppress: { kind: 'pem' } | { kind: 'token' } | null;
  pemTail: string;
  maxHeld: number;
  /** Placeholder numbering per type and value (so a value keeps its number across chunks). */
  counters: [string, [string, number][]][];
  /** The finding a dropped long secret grows while it is still arriving. */
  open: Finding | null;
  pending: string;
}

interface ScannerInternals {
  buffer: string;
  contextTail: string;
  offset: number;
  suppress: StreamSnapshot['suppress'];
  pemTail: string;
  maxHeld: number;
  all: Finding[];
  redactOptions: { counters?: Map<string, Map<string, number>> };
}

interface DetokenizerInternals {
  pending: string;
}

export function snapshot(scanner: StreamScanner, detokenizer?: Detokenizer): StreamSnapshot {
  const s = scanner as unknown as ScannerInternals;
  const counters = s.redactOptions.counters ?? new Map<string, Map<string, number>>();
  return {
    buffer: s.buffer,
    contextTail: s.contextTail,
    offset: s.offset,
    suppress: s.suppress,
    pemTail: s.pemTail,
    maxHeld: s.maxHeld,
    counters: [...counters].map(([type, perValue]) => [type, [...perValue]]),
    open: s.suppress ? (s.all[s.all.length - 1] ?? null) : null,
    pending: detokenizer ? (detokenizer as unknown as DetokenizerInternals).pending : '',
  };
}

/** Puts a snapshot into fresh scanners; returns how many findings the scanner holds already (reported before). */
export function restore(state: StreamSnapshot, scanner: StreamScanner, detokenizer?: Detokenizer): number {
  const s = scanner as unknown as ScannerInternals;
  s.buffer = state.buffer;
  s.contextTail = state.contextTail;
  s.offset = state.offset;
  s.suppress = state.suppress;
  s.pemTail = state.pemTail;
  s.maxHeld = state.maxHeld;
  s.redactOptions.counters = new Map(state.counters.map(([type, perValue]) => [type, new Map(perValue)]));
  s.all = state.open ? [state.open] : [];
  if (detokenizer) (detokenizer as unknown as DetokenizerInternals).pending = state.pending;
  return s.all.length;
}
