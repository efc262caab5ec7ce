import { hostname } from 'node:os';
import { Logger, Module } from '@nestjs/common';
import { BusConnection, RpcClient } from '@ironcage/bus';
import { CONFIG } from '@ironcage/kit';
import type { GatewayConfig } from '../config';
import { CredentialLeaseEvents } from './credential-lease-events';
import { LeasedCredentialSource } from './leased-credential-source';

type LeaseConfig = Pick<GatewayConfig, 'GATEWAY_CREDENTIALS' | 'GATEWAY_CREDENTIALS_ORG' | 'IRONCAGE_DEFAULT_ORG'>;

/** Whether the gateway leases provider keys from the credentials service (GATEWAY_CREDENTIALS=lease). */
export const leasesEnabled = (config: Pick<GatewayConfig, 'GATEWAY_CREDENTIALS'>): boolean => config.GATEWAY_CREDENTIALS === 'lease';

/**
 * The LeasedCredentialSource and its per-replica listener of credential events. Always provided
 * (cheap, no I/O); the listener subscribes only when GATEWAY_CREDENTIALS=lease, and the catalogue
 * module uses the source only then.
 */
@Module({
  providers: [
    {
      provide: LeasedCredentialSource,
      inject: [CONFIG, RpcClient],
      useFactory: (config: LeaseConfig, rpc: RpcClient) => {
        const logger = new Logger('CredentialLeases');
        return new LeasedCredentialSource(rpc, {
          orgId: config.GATEWAY_CREDENTIALS_ORG ?? config.IRONCAGE_DEFAULT_ORG,
          requester: `gateway@${hostname()}`.slice(0, 64),
          onWarning: (msg, meta) => logger.warn({ msg, ...meta }),
        });
      },
    },
    {
      provide: CredentialLeaseEvents,
      inject: [CONFIG, BusConnection, LeasedCredentialSource],
      useFactory: (config: LeaseConfig, bus: BusConnection, source: LeasedCredentialSource) => new CredentialLeaseEvents(bus, source, leasesEnabled(config)),
    },
  ],
  exports: [LeasedCredentialSource],
})
export class CredentialLeasesModule {}
