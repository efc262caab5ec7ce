export * from './provider-error';
export * from './retry-after';
export * from './error-bodies';
export * from './from-http';
