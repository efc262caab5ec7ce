export * from './chat.schema';
export * from './chat.types';
export * from './embeddings.schema';
export * from './validate';
export * from './stream-usage';
export * from './text';
