import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { NestMicroservice } from '@nestjs/microservices';
import { BusExceptionFilter } from '../errors/bus-exception.filter';
import { JetStreamServer, type JetStreamServerOptions } from './jetstream.server';

/**
 * Attaches the bus transport to an HTTP application (a hybrid app), on the `BusModule`
 * connection, with {@link BusExceptionFilter} applied to the bus handlers only. Then call
 * `app.startAllMicroservices()`; `app.close()` stops the transport before the connection drains.
 *
 *   const app = await NestFactory.create(AppModule, new FastifyAdapter());
 *   connectJetStream(app);
 *   await app.startAllMicroservices();
 */
export function connectJetStream(app: INestApplication, options: Omit<JetStreamServerOptions, 'connection' | 'bus'> = {}): INestMicroservice {
  const strategy = JetStreamServer.fromApp(app, options);
  // Deferred so the filter is registered before Nest wraps the handlers, then initialised the way
  // connectMicroservice() does it.
  const microservice = app.connectMicroservice({ strategy }, { deferInitialization: true });
  microservice.useGlobalFilters(new BusExceptionFilter());
  if (!(microservice instanceof NestMicroservice)) {
    throw new Error('connectJetStream: unexpected microservice instance (is @nestjs/microservices installed twice?)');
  }
  microservice.registerListeners();
  microservice.setIsInitialized(true);
  microservice.setIsInitHookCalled(true);
  return microservice;
}
