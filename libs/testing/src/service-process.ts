import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { testInfra, waitFor } from './infra';

const repoRoot = resolve(__dirname, '..', '..', '..');

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.unref();
    server.on('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? res(address.port) : rej(new Error('no port'))));
    });
  });
}

export interface ServiceProcess {
  name: string;
  url: string;
  port: number;
  process: ChildProcess;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or signal) once the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs a built service (`services/<name>/dist/main.js`) as its own process, with the test
 * infrastructure's endpoints and the given overrides, and waits until /readyz answers 200.
 */
export async function startServiceProcess(
  name: string,
  env: Record<string, string>,
  options: { waitReady?: boolean; timeoutMs?: number } = {},
): Promise<ServiceProcess> {
  const main = join(repoRoot, 'services', name, 'dist', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (npx nx run-many -t build)`);
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, [main], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: testInfra.databaseUrl,
      NATS_URL: testInfra.natsUrl,
      TEMPORAL_ADDRESS: testInfra.temporalAddress,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('exit', (code, signal) => res({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const proc: ServiceProcess = {
    name,
    url,
    port,
    process: child,
    output: () => output,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  if (options.waitReady === false) return proc;
  let ended = false;
  void exited.then(() => (ended = true));
  try {
    await waitFor(
      async () => {
        if (ended) throw new Error(`${name} exited before it was ready:\n${output.slice(-4000)}`);
        const r = await fetch(`${url}/readyz`).catch(() => undefined);
        return r?.status === 200;
      },
      `${name} to be ready`,
      options.timeoutMs ?? 30_000,
      100,
    );
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${(e as Error).message}\n--- ${name} output ---\n${output.slice(-4000)}`);
  }
  return proc;
}
