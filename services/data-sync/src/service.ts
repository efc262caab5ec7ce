import type { ServiceDefinition } from '@ironcage/kit';
import { type DataSyncConfig, dataSyncConfigSchema } from './config';
import { DataSyncModule } from './data-sync.module';

export const dataSyncService: ServiceDefinition<DataSyncConfig> = {
  name: 'data-sync',
  configSchema: dataSyncConfigSchema,
  modules: () => [DataSyncModule],
};
