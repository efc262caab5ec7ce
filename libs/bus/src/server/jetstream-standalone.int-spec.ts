import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, type MicroserviceOptions, Payload } from '@nestjs/microservices';
import { platformPingRpc, RPC, RpcErrorCode } from '@ironcage/contracts';
import type { NatsConnection } from '@nats-io/nats-core';
import { BusConnection } from '../connection/bus.connection';
import { RpcError } from '../errors/rpc.error';
import { RpcClient } from '../rpc/rpc.client';
import { busOptions, CapturingLogger, deleteNamespace, testNamespace } from '../testing/bus-test.harness';
import { JetStreamServer, type JetStreamServerStatus } from './jetstream.server';

jest.setTimeout(30_000);

@Controller()
class SandboxController {
  @MessagePattern(RPC.platformPing)
  ping(@Payload() request: { from: string }): unknown {
    if (request.from === 'stranger') throw new RpcError(RpcErrorCode.Forbidden, 'not allowed to ping');
    if (request.from === 'crash') throw new Error('docker socket /var/run/docker.sock refused');
    return { service: 'sandbox', version: '1', time: new Date().toISOString() };
  }
}

@Module({ controllers: [SandboxController] })
class SandboxModule {}

describe('JetStreamServer as a standalone microservice', () => {
  const namespace = testNamespace();
  afterAll(() => deleteNamespace(namespace));

  it('opens, provisions and drains a connection of its own, keeping error codes even without the bus filter', async () => {
    const server = new JetStreamServer({ bus: busOptions(namespace, 'sandbox') });
    const statuses: JetStreamServerStatus[] = [];
    server.status.subscribe((s) => statuses.push(s));
    const app = await NestFactory.createMicroservice<MicroserviceOptions>(SandboxModule, {
      strategy: server,
      logger: new CapturingLogger(),
      abortOnError: false,
    });
    await app.listen();
    const caller = await BusConnection.connect(busOptions(namespace, 'gateway'));
    try {
      const rpc = new RpcClient(caller);
      await expect(rpc.call(platformPingRpc, { from: 'gateway' })).resolves.toMatchObject({ service: 'sandbox' });
      await expect(rpc.call(platformPingRpc, { from: 'stranger' })).rejects.toMatchObject({ code: RpcErrorCode.Forbidden, message: 'not allowed to ping' });
      const crash = await rpc.call(platformPingRpc, { from: 'crash' }).catch((e: RpcError) => e);
      expect(crash).toMatchObject({ code: RpcErrorCode.Internal });
      expect((crash as RpcError).message).not.toContain('docker');
      await expect(caller.jsm.streams.info(caller.naming.stream('REQUESTS'))).resolves.toBeDefined();

      const nc = server.unwrap<NatsConnection>();
      await app.close();
      expect(nc.isClosed()).toBe(true);
      expect(statuses).toEqual(['connected', 'closed']);
    } finally {
      await caller.close();
    }
  });

  it('refuses to start a handler whose subject has no contract', async () => {
    @Controller()
    class StrayController {
      @MessagePattern('platform.unknown')
      stray(): string {
        return 'never';
      }
    }
    @Module({ controllers: [StrayController] })
    class StrayModule {}

    const app = await NestFactory.createMicroservice<MicroserviceOptions>(StrayModule, {
      strategy: new JetStreamServer({ bus: busOptions(namespace, 'sandbox', { provisionStreams: false }) }),
      logger: new CapturingLogger(),
      abortOnError: false,
    });
    await expect(app.listen()).rejects.toThrow('@MessagePattern("platform.unknown") has no RPC contract');
    await app.close();
  });
});
