/** How a process reaches the bus. One set per process; the service name identifies it everywhere. */
export interface BusOptions {
  servers: string | string[];
  /** Service name, e.g. `observability`: the connection name, the event `source`, the RPC queue group. */
  service: string;
  /** Prefix for every physical subject and stream (tests, several environments on one cluster). */
  namespace?: string;
  token?: string;
  user?: string;
  pass?: string;
  /** Time allowed for the first connection, in milliseconds (default 5000). */
  connectTimeoutMs?: number;
}

export interface BusModuleOptions extends BusOptions {
  /** Create or update every contract stream when the connection opens (default true). */
  provisionStreams?: boolean;
}

/** Injection token of the resolved {@link BusModuleOptions}. */
export const BUS_OPTIONS = Symbol('BUS_OPTIONS');

const SERVICE = /^[a-z][a-z0-9-]{0,62}$/;

export function assertBusOptions(options: BusOptions): void {
  const servers = Array.isArray(options.servers) ? options.servers : [options.servers];
  if (servers.length === 0 || servers.some((s) => !s)) throw new Error('bus options: at least one NATS server is required');
  if (!SERVICE.test(options.service)) {
    throw new Error(`bus options: service "${options.service}" must be lower-case letters, digits and "-", starting with a letter`);
  }
}
