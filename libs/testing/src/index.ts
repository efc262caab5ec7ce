export * from './infra';
export * from './service-process';
export * from './pdf';
