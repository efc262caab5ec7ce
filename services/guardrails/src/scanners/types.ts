/** Offsets are UTF-16 code units (JS string indices); `end` is exclusive. */
export interface Finding {
  type: string;
  start: number;
  end: number;
  score: number;
}

export type ScannerName = 'injection' | 'pii' | 'secrets';

export interface InjectionResult {
  detected: boolean;
  /** Calibrated probability that the text is a prompt injection or jailbreak. */
  score: number;
}

export interface ScanResult {
  injection: InjectionResult;
  pii: Finding[];
  secrets: Finding[];
}

export interface ScanOptions {
  scanners?: readonly ScannerName[];
}
