import { type DynamicModule, Global, Module, type Type } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { EventPublisher } from '@ironcage/bus';
import { type BaseConfig, CONFIG } from '../config/config';
import { ErrorReporter } from '../errors/error-reporter';
import { HttpExceptionFilter } from '../errors/http-exception.filter';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { HealthController } from '../health/health.controller';
import { HealthRegistry } from '../health/health.registry';
import { MetricsController, MetricsRegistry } from '../metrics/metrics';

export const SERVICE_NAME = Symbol('IRONCAGE_SERVICE_NAME');

/** What every service gets: its config, health, metrics, validation, the error filter and the error reporter. */
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
        {
          provide: ErrorReporter,
          inject: [{ token: EventPublisher, optional: true }],
          // without a bus (a module tested alone) failures are only logged
          useFactory: (publisher?: EventPublisher) => new ErrorReporter(service, publisher),
        },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
      exports: [CONFIG, SERVICE_NAME, HealthRegistry, MetricsRegistry, ErrorReporter],
    };
  }
}

/** The application root: the kit plus the service's own module (plus any infrastructure modules). */
export function applicationModule(service: string, config: BaseConfig, imports: (Type | DynamicModule)[]): DynamicModule {
  @Module({})
  class ApplicationModule {}
  return { module: ApplicationModule, imports: [KitCoreModule.forRoot(service, config), ...imports] };
}
