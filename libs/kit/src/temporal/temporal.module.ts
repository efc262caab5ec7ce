import { existsSync } from 'node:fs';
import {
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, type LogEntry, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { type BaseConfig, CONFIG } from '../config/config';
import { HealthRegistry } from '../health/health.registry';

const namespacedTaskQueue = (config: BaseConfig, taskQueue: string): string =>
  config.BUS_NAMESPACE ? `${config.BUS_NAMESPACE}-${taskQueue}` : taskQueue;

let runtimeInstalled = false;

/** Routes the Temporal SDK's own logs through the service logger (JSON, redacted) once per process. */
function installTemporalRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  const logger = new Logger('Temporal');
  const forward = (entry: LogEntry) => {
    const fields = { ...(entry.meta ?? {}), msg: entry.message };
    if (entry.level === 'ERROR') logger.error(fields);
    else if (entry.level === 'WARN') logger.warn(fields);
    else if (entry.level === 'INFO') logger.log(fields);
    else logger.debug(fields);
  };
  try {
    Runtime.install({ logger: new DefaultLogger('INFO', forward) });
  } catch {
    // Already installed by someone else in this process (e.g. a test harness): keep theirs.
  }
}

/** Activities object a service builds from its own injected dependencies (`createActivities(deps)`). */
export const TEMPORAL_ACTIVITIES = Symbol('TEMPORAL_ACTIVITIES');
const TEMPORAL_OPTIONS = Symbol('TEMPORAL_OPTIONS');

export interface TemporalServiceOptions {
  /** Task queue, named after the owning service. */
  taskQueue: string;
  /** Workflow source (used in dev and tests; bundled on the fly). */
  workflowsPath: string;
  /** Bundle written at build time (`dist/workflow-bundle.js`); preferred when present. */
  workflowBundlePath?: string;
  /** Run a worker in this process (default true). A process may only start workflows. */
  runWorker?: boolean;
}

/** Starts workflows and signals them; shared by the whole service. */
@Injectable()
export class TemporalClient implements OnModuleInit, OnApplicationShutdown {
  private connection?: Connection;
  private client?: Client;
  constructor(
    @Inject(CONFIG) private readonly config: BaseConfig,
    @Inject(TEMPORAL_OPTIONS) readonly options: TemporalServiceOptions,
    private readonly health: HealthRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    this.connection = await Connection.connect({ address: this.config.TEMPORAL_ADDRESS });
    this.client = new Client({ connection: this.connection, namespace: this.config.TEMPORAL_NAMESPACE });
    this.health.register('temporal', async () => {
      await this.connection!.workflowService.getSystemInfo({});
    });
  }

  get raw(): Client {
    if (!this.client) throw new Error('Temporal client is not connected yet');
    return this.client;
  }

  /** The service's task queue, inside the bus namespace when one is set (tests, shared clusters). */
  get taskQueue(): string {
    return namespacedTaskQueue(this.config, this.options.taskQueue);
  }

  /** A workflow or schedule id made unique to this environment's namespace. */
  scopedId(id: string): string {
    return this.config.BUS_NAMESPACE ? `${this.config.BUS_NAMESPACE}-${id}` : id;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection?.close();
  }
}

/** Runs the service's worker for the life of the application and drains it on shutdown. */
@Injectable()
export class TemporalWorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TemporalWorker');
  private worker?: Worker;
  private running?: Promise<void>;
  private connection?: NativeConnection;

  constructor(
    @Inject(CONFIG) private readonly config: BaseConfig,
    @Inject(TEMPORAL_OPTIONS) private readonly options: TemporalServiceOptions,
    @Inject(TEMPORAL_ACTIVITIES) private readonly activities: object,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.runWorker === false) return;
    installTemporalRuntime();
    this.connection = await NativeConnection.connect({ address: this.config.TEMPORAL_ADDRESS });
    const bundle = this.options.workflowBundlePath;
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.config.TEMPORAL_NAMESPACE,
      taskQueue: namespacedTaskQueue(this.config, this.options.taskQueue),
      activities: this.activities,
      ...(bundle && existsSync(bundle) ? { workflowBundle: { codePath: bundle } } : { workflowsPath: this.options.workflowsPath }),
    });
    this.running = this.worker.run().catch((e: unknown) => this.logger.error({ err: e }, 'worker stopped with an error'));
    this.logger.log(`worker polling task queue ${namespacedTaskQueue(this.config, this.options.taskQueue)}`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
    await this.connection?.close();
  }
}

export interface TemporalActivitiesProvider {
  /** Modules that export what the activities factory injects. */
  imports?: DynamicModule['imports'];
  useFactory: (...deps: never[]) => object;
  inject?: unknown[];
}

@Module({})
export class TemporalModule {
  /**
   * Worker + client for a service. The service provides its activities under TEMPORAL_ACTIVITIES
   * (built by its own `createActivities(deps)` factory) in the module that imports this one.
   */
  static forService(options: TemporalServiceOptions, activitiesProvider: TemporalActivitiesProvider): DynamicModule {
    return {
      module: TemporalModule,
      imports: activitiesProvider.imports ?? [],
      providers: [
        { provide: TEMPORAL_OPTIONS, useValue: options },
        { provide: TEMPORAL_ACTIVITIES, useFactory: activitiesProvider.useFactory, inject: (activitiesProvider.inject ?? []) as never[] },
        TemporalClient,
        TemporalWorkerHost,
      ],
      exports: [TemporalClient],
    };
  }
}
