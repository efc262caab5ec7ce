export * from './subjects';
export * from './streams';
export * from './envelope';
export * from './define';
export * from './events';
export * from './rpc';
