import { randomBytes } from 'node:crypto';
import { Logger, type Provider } from '@nestjs/common';
import { CONFIG } from '@ironcage/kit';
import type { GuardrailsConfig } from '../config';
import { createScanEngine, type ScanEngine } from '../scanners';

export const SCAN_ENGINE = Symbol('SCAN_ENGINE');

/**
 * The engine, loaded once at start-up: the injection model and the name gazetteer are read from
 * services/guardrails/models (resolved from the module's own directory, so the same relative path
 * works from src/ and from dist/) unless GUARDRAILS_INJECTION_MODEL_PATH names another model.
 */
export const scanEngineProvider: Provider = {
  provide: SCAN_ENGINE,
  inject: [CONFIG],
  useFactory: (config: GuardrailsConfig): ScanEngine => {
    const started = performance.now();
    const engine = createScanEngine({
      hashKey: config.GUARDRAILS_HASH_KEY ?? randomBytes(32),
      ...(config.GUARDRAILS_INJECTION_MODEL_PATH ? { injection: { modelPath: config.GUARDRAILS_INJECTION_MODEL_PATH } } : {}),
    });
    new Logger('ScanEngine').log({
      msg: 'scan engine loaded',
      injectionModel: engine.injectionModelVersion,
      secretRules: engine.secretRuleCount,
      ms: Math.round(performance.now() - started),
    });
    return engine;
  },
};
