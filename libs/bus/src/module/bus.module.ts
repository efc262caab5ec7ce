import { type DynamicModule, Global, type InjectionToken, Module, type ModuleMetadata, type OptionalFactoryDependency, type Provider } from '@nestjs/common';
import { BUS_OPTIONS, type BusModuleOptions } from '../bus.options';
import { BusConnection } from '../connection/bus.connection';
import { EventPublisher } from '../publisher/event.publisher';
import { RpcClient } from '../rpc/rpc.client';

export interface BusModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  useFactory: (...args: never[]) => BusModuleOptions | Promise<BusModuleOptions>;
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
}

/**
 * The bus for a whole application: one connection (streams provisioned on start-up unless
 * `provisionStreams: false`), an `EventPublisher` and an `RpcClient`, available everywhere.
 * The connection drains on application shutdown, after the transport has stopped.
 */
@Global()
@Module({})
export class BusModule {
  static forRoot(options: BusModuleOptions): DynamicModule {
    return BusModule.create([{ provide: BUS_OPTIONS, useValue: options }]);
  }

  static forRootAsync(options: BusModuleAsyncOptions): DynamicModule {
    return BusModule.create(
      [{ provide: BUS_OPTIONS, useFactory: options.useFactory as (...args: unknown[]) => BusModuleOptions, inject: options.inject ?? [] }],
      options.imports,
    );
  }

  private static create(optionsProviders: Provider[], imports: ModuleMetadata['imports'] = []): DynamicModule {
    return {
      module: BusModule,
      global: true,
      imports,
      providers: [
        ...optionsProviders,
        {
          provide: BusConnection,
          inject: [BUS_OPTIONS],
          useFactory: async (options: BusModuleOptions) => {
            const connection = await BusConnection.connect(options);
            try {
              if (options.provisionStreams !== false) await connection.provisionStreams();
            } catch (err) {
              await connection.close();
              throw err;
            }
            return connection;
          },
        },
        { provide: EventPublisher, inject: [BusConnection], useFactory: (c: BusConnection) => new EventPublisher(c) },
        { provide: RpcClient, inject: [BusConnection], useFactory: (c: BusConnection) => new RpcClient(c) },
      ],
      exports: [BUS_OPTIONS, BusConnection, EventPublisher, RpcClient],
    };
  }
}
