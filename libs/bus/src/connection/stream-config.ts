import type { StreamDefinition } from '@ironcage/contracts';
import { RetentionPolicy, type StreamConfig, StorageType } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import type { BusNaming } from '../naming';

const RETENTION = {
  limits: RetentionPolicy.Limits,
  workqueue: RetentionPolicy.Workqueue,
  interest: RetentionPolicy.Interest,
} as const;

/** The server-side configuration of a contracts stream, namespaced. */
export function toStreamConfig(def: StreamDefinition, naming: BusNaming): Partial<StreamConfig> & { name: string } {
  return {
    name: naming.stream(def.name),
    subjects: def.subjects.map(naming.subject),
    description: def.description,
    storage: def.storage === 'memory' ? StorageType.Memory : StorageType.File,
    retention: RETENTION[def.retention],
    max_age: nanos(def.maxAgeMs),
    duplicate_window: nanos(def.duplicateWindowMs),
    num_replicas: def.replicas,
  };
}
