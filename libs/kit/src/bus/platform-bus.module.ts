import { Controller, Inject, Injectable, type OnModuleInit, type DynamicModule, Module } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { BusConnection, BusModule } from '@ironcage/bus';
import { RPC, type platformPingRpc, type RpcRequest, type RpcResponse } from '@ironcage/contracts';
import { type BaseConfig, CONFIG } from '../config/config';
import { HealthRegistry } from '../health/health.registry';
import { SERVICE_NAME } from '../bootstrap/kit-core.module';

/** Every service answers `platform.ping` over the bus: a liveness probe that crosses NATS. */
@Controller()
class PlatformPingController {
  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(CONFIG) private readonly config: BaseConfig,
  ) {}

  @MessagePattern(RPC.platformPing)
  ping(@Payload() _request: RpcRequest<typeof platformPingRpc>): RpcResponse<typeof platformPingRpc> {
    return { service: this.service, version: this.config.SERVICE_VERSION, time: new Date().toISOString() };
  }
}

@Injectable()
class BusHealth implements OnModuleInit {
  constructor(
    private readonly bus: BusConnection,
    private readonly health: HealthRegistry,
  ) {}
  onModuleInit(): void {
    this.health.register('bus', async () => {
      if (!this.bus.isHealthy()) throw new Error('NATS connection is not open');
    });
  }
}

/** The bus for a service: one NATS connection from config, streams provisioned, ping + health. */
@Module({})
export class PlatformBusModule {
  static forService(service: string): DynamicModule {
    return {
      module: PlatformBusModule,
      imports: [
        BusModule.forRootAsync({
          inject: [CONFIG],
          useFactory: (config: BaseConfig) => ({
            servers: config.NATS_URL.split(',').map((s) => s.trim()),
            service,
            namespace: config.BUS_NAMESPACE,
            token: config.NATS_TOKEN,
          }),
        }),
      ],
      controllers: [PlatformPingController],
      providers: [BusHealth],
    };
  }
}
