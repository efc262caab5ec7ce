export * from './anthropic-request.schema';
export * from './to-canonical';
export * from './from-canonical';
