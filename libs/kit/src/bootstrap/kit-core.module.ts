import { type DynamicModule, Global, Module, type Type } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { type BaseConfig, CONFIG } from '../config/config';
import { HttpExceptionFilter } from '../errors/http-exception.filter';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { HealthController } from '../health/health.controller';
import { HealthRegistry } from '../health/health.registry';
import { MetricsController, MetricsRegistry } from '../metrics/metrics';

export const SERVICE_NAME = Symbol('IRONCAGE_SERVICE_NAME');

/** What every service gets: its config, health, metrics, validation and the error filter. */
@Global()
@Module({})
export class KitCoreModule {
  static forRoot(service: string, config: BaseConfig): DynamicModule {
    return {
      module: KitCoreModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: SERVICE_NAME, useValue: service },
        HealthRegistry,
        { provide: MetricsRegistry, useFactory: () => new MetricsRegistry(service) },
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
      exports: [CONFIG, SERVICE_NAME, HealthRegistry, MetricsRegistry],
    };
  }
}

/** The application root: the kit plus the service's own module (plus any infrastructure modules). */
export function applicationModule(service: string, config: BaseConfig, imports: (Type | DynamicModule)[]): DynamicModule {
  @Module({})
  class ApplicationModule {}
  return { module: ApplicationModule, imports: [KitCoreModule.forRoot(service, config), ...imports] };
}
