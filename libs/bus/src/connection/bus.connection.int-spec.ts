import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ALL_STREAMS, STREAMS } from '@ironcage/contracts';
import { BUS_OPTIONS, type BusModuleOptions } from '../bus.options';
import { BusModule } from '../module/bus.module';
import { EventPublisher } from '../publisher/event.publisher';
import { RpcClient } from '../rpc/rpc.client';
import { busOptions, CapturingLogger, deleteNamespace, testNamespace } from '../testing/bus-test.harness';
import { BusConnection } from './bus.connection';

jest.setTimeout(30_000);

describe(BusConnection.name, () => {
  const namespace = testNamespace();
  const connections: BusConnection[] = [];
  const open = async (service = 'observability'): Promise<BusConnection> => {
    const c = await BusConnection.connect(busOptions(namespace, service));
    connections.push(c);
    return c;
  };

  afterAll(async () => {
    await Promise.all(connections.map((c) => c.close()));
    await deleteNamespace(namespace);
  });

  describe('provisionStreams', () => {
    it('creates every contract stream, namespaced, with its storage, retention, age, duplicate window and replicas', async () => {
      const connection = await open();
      await connection.provisionStreams();
      for (const def of ALL_STREAMS) {
        const { config } = await connection.jsm.streams.info(connection.naming.stream(def.name));
        expect(config).toMatchObject({
          name: `${namespace.toUpperCase()}_${def.name}`,
          subjects: def.subjects.map((s) => `${namespace}.${s}`),
          storage: def.storage,
          retention: def.retention,
          max_age: def.maxAgeMs * 1_000_000,
          duplicate_window: def.duplicateWindowMs * 1_000_000,
          num_replicas: def.replicas,
        });
      }
    });

    it('is safe when several replicas provision at the same time', async () => {
      const replicas = await Promise.all([open('budget'), open('budget'), open('budget')]);
      await expect(Promise.all(replicas.map((c) => c.provisionStreams()))).resolves.toBeDefined();
      await expect(replicas[0]!.provisionStreams()).resolves.toBeUndefined();
    });

    it('brings a stream whose configuration drifted back to its declaration', async () => {
      const connection = await open();
      await connection.provisionStreams([STREAMS.audit]);
      const name = connection.naming.stream(STREAMS.audit.name);
      await connection.jsm.streams.update(name, { max_age: 3600 * 1_000_000_000 });
      await connection.provisionStreams([STREAMS.audit]);
      expect((await connection.jsm.streams.info(name)).config.max_age).toBe(STREAMS.audit.maxAgeMs * 1_000_000);
    });
  });

  describe('isHealthy', () => {
    it('is true while connected and false once closed', async () => {
      const connection = await BusConnection.connect(busOptions(namespace, 'gateway'));
      expect(connection.isHealthy()).toBe(true);
      await connection.close();
      expect(connection.isHealthy()).toBe(false);
      await expect(connection.close()).resolves.toBeUndefined();
    });
  });

  it('names the connection after the service', async () => {
    const connection = await open('data-sync');
    expect(connection.nc.info?.server_id).toBeDefined();
    expect(connection.service).toBe('data-sync');
  });

  it('refuses options without a valid service name', async () => {
    await expect(BusConnection.connect({ ...busOptions(namespace), service: 'Bad Name' })).rejects.toThrow('service "Bad Name"');
  });
});

@Injectable()
class Config {
  bus(namespace: string): BusModuleOptions {
    return busOptions(namespace, 'credentials', { provisionStreams: false });
  }
}

@Module({ providers: [Config], exports: [Config] })
class ConfigModule {}

describe(BusModule.name, () => {
  it('builds the connection, publisher and RPC client from async options, and drains the connection on shutdown', async () => {
    const namespace = testNamespace();
    const app = await NestFactory.createApplicationContext(
      BusModule.forRootAsync({ imports: [ConfigModule], inject: [Config], useFactory: (config: Config) => config.bus(namespace) }),
      { logger: new CapturingLogger(), abortOnError: false },
    );
    const connection = app.get(BusConnection);
    expect(app.get(BUS_OPTIONS)).toMatchObject({ service: 'credentials', namespace });
    expect(app.get(EventPublisher)).toBeInstanceOf(EventPublisher);
    expect(app.get(RpcClient)).toBeInstanceOf(RpcClient);
    expect(connection.isHealthy()).toBe(true);
    await app.close();
    expect(connection.nc.isClosed()).toBe(true);
  });
});
