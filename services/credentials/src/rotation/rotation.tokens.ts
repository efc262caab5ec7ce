import type { RotationAdapter } from './adapters';

export const ROTATION_ADAPTERS = Symbol('ROTATION_ADAPTERS');
export type Adapters = { automatic: Map<string, RotationAdapter>; manual: RotationAdapter };
