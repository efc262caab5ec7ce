import { InjectionClassifier } from './injection/injection-classifier';
import { InjectionModel, loadInjectionModel } from './injection/model';
import { PiiScanner, PiiScannerOptions } from './pii/pii-scanner';
import { ModeByType, redact, RedactionResult, RedactOptions } from './redaction/redact';
import { TokenVault } from './redaction/token-vault';
import { SECRET_RULES } from './secrets/rules';
import { SecretRule } from './secrets/secret-rule';
import { SecretScanner } from './secrets/secret-scanner';
import { StreamScanner } from './streaming/stream-scanner';
import { Finding, InjectionResult, ScannerName, ScanOptions, ScanResult } from './types';

export interface ScanEngineOptions {
  /** Scanners to load (default all three); `scan` can then run any subset of them. */
  scanners?: readonly ScannerName[];
  injection?: {
    /** A decoded model; otherwise read from `modelPath` (default services/guardrails/models/injection-v1.json). */
    model?: InjectionModel;
    modelPath?: string;
    /** Overrides the model's validated threshold on the calibrated score. */
    threshold?: number;
  };
  pii?: PiiScannerOptions;
  secrets?: { rules?: readonly SecretRule[] };
  /** HMAC key for the `hash` redaction mode. */
  hashKey?: Buffer | string;
}

export interface StreamOptions {
  modes?: ModeByType;
  /** Tokenise into this vault (needed for `tokenize` mode). */
  vault?: TokenVault;
  /** Most characters held back (default 256). */
  windowCap?: number;
}

export interface ScanEngine {
  readonly injectionModelVersion: string | undefined;
  readonly secretRuleCount: number;
  scan(text: string, options?: ScanOptions): ScanResult;
  redact(text: string, findings: readonly Finding[], modeByType?: ModeByType, options?: RedactOptions): RedactionResult;
  /** Scans and redacts streamed output (PII and secrets). */
  createStreamScanner(options?: StreamOptions): StreamScanner;
  /** A fresh per-request vault for `tokenize` mode. */
  createVault(): TokenVault;
}

const ALL: readonly ScannerName[] = ['injection', 'pii', 'secrets'];
const NO_INJECTION: InjectionResult = Object.freeze({ detected: false, score: 0 });

class DefaultScanEngine implements ScanEngine {
  private readonly injection?: InjectionClassifier;
  private readonly threshold?: number;
  private readonly pii?: PiiScanner;
  private readonly secrets?: SecretScanner;
  private readonly hashKey?: Buffer | string;

  constructor(options: ScanEngineOptions) {
    const load = new Set(options.scanners ?? ALL);
    if (load.has('injection')) {
      this.injection = new InjectionClassifier(options.injection?.model ?? loadInjectionModel(options.injection?.modelPath));
      this.threshold = options.injection?.threshold;
    }
    if (load.has('pii')) this.pii = new PiiScanner(options.pii);
    if (load.has('secrets')) this.secrets = new SecretScanner(options.secrets?.rules ?? SECRET_RULES);
    this.hashKey = options.hashKey;
  }

  get injectionModelVersion(): string | undefined {
    return this.injection?.version;
  }

  get secretRuleCount(): number {
    return this.secrets?.rules.length ?? 0;
  }

  scan(text: string, options: ScanOptions = {}): ScanResult {
    const want = options.scanners ?? ALL;
    let injection = NO_INJECTION;
    if (this.injection && want.includes('injection')) {
      const r = this.injection.classify(text);
      injection = this.threshold === undefined ? r : { score: r.score, detected: r.score >= this.threshold };
    }
    return {
      injection,
      pii: this.pii && want.includes('pii') ? this.pii.scan(text) : [],
      secrets: this.secrets && want.includes('secrets') ? this.secrets.scan(text) : [],
    };
  }

  redact(text: string, findings: readonly Finding[], modeByType: ModeByType = {}, options: RedactOptions = {}): RedactionResult {
    return redact(text, findings, modeByType, { hashKey: this.hashKey, ...options });
  }

  createStreamScanner(options: StreamOptions = {}): StreamScanner {
    const scan = (text: string): Finding[] => {
      const secrets = this.secrets?.scan(text) ?? [];
      const pii = this.pii?.scan(text) ?? [];
      if (secrets.length === 0) return pii;
      // a secret wins over PII it overlaps (an e-mail inside a connection URL, say)
      return [...secrets, ...pii.filter((p) => !secrets.some((s) => p.start < s.end && s.start < p.end))];
    };
    return new StreamScanner({
      scan,
      modes: options.modes,
      windowCap: options.windowCap,
      redact: { hashKey: this.hashKey, vault: options.vault },
    });
  }

  createVault(): TokenVault {
    return new TokenVault();
  }
}

/** Loads the model, gazetteer and rules once; `scan` is then synchronous. */
export function createScanEngine(options: ScanEngineOptions = {}): ScanEngine {
  return new DefaultScanEngine(options);
}
