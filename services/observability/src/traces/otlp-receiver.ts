import { createHash, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CONFIG } from '@ironcage/kit';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IngestTracesUseCase } from './ingest-traces/ingest-traces.usecase';
import { encodeExportResponse, encodeStatus, OTLP_CONTENT_TYPES, OtlpDecodeError, type OtlpFormat } from './otlp/otlp-codec';
import type { TracesConfig } from './traces.config';
import { TracesMetrics } from './traces.metrics';

const gunzipAsync = promisify(gunzip);

/** google.rpc.Code values used in error bodies. */
const RPC = { invalidArgument: 3, resourceExhausted: 8, internal: 13, unavailable: 14, unauthenticated: 16 } as const;

export const OTLP_TRACES_PATH = '/v1/traces';

function formatOf(contentType: string | undefined): OtlpFormat | undefined {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === OTLP_CONTENT_TYPES.protobuf) return 'protobuf';
  if (type === OTLP_CONTENT_TYPES.json) return 'json';
  return undefined;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * `POST /v1/traces`, OTLP/HTTP as the specification describes it: binary protobuf or JSON
 * ExportTraceServiceRequest bodies, optionally gzip-encoded; 200 with ExportTraceServiceResponse
 * (partial_success naming refused spans), 400 for a body that is not a request, 401 without the
 * ingest token when one is configured, 413 over the size limit, 415 for other content types, 503
 * when spans cannot be stored (the exporter retries). Errors carry a google.rpc.Status in the
 * request's encoding. Registered on Fastify directly, in a scope of its own, so it reads raw
 * bodies under its own limit and its error answers follow OTLP rather than the REST API's format.
 */
@Injectable()
export class OtlpReceiver implements OnModuleInit {
  private readonly logger = new Logger(OtlpReceiver.name);
  private readonly token?: Buffer;
  private readonly bodyLimit: number;

  constructor(
    private readonly host: HttpAdapterHost,
    private readonly ingest: IngestTracesUseCase,
    private readonly metrics: TracesMetrics,
    @Inject(CONFIG) config: TracesConfig,
  ) {
    this.token = config.OBSERVABILITY_OTLP_TOKEN ? digest(config.OBSERVABILITY_OTLP_TOKEN) : undefined;
    this.bodyLimit = config.OBSERVABILITY_OTLP_MAX_BODY_BYTES;
  }

  onModuleInit(): void {
    const fastify = this.host.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    void fastify.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: this.bodyLimit }, (_req, body, done) => done(null, body));
      scope.setErrorHandler((error: FastifyError, req, reply) => {
        const format = formatOf(req.headers['content-type']) ?? 'json';
        if (error.statusCode === 413) return this.answerError(reply, format, 413, RPC.resourceExhausted, `body is larger than ${this.bodyLimit} bytes`);
        if (error.statusCode && error.statusCode < 500) return this.answerError(reply, format, 400, RPC.invalidArgument, error.message);
        this.logger.error({ msg: 'OTLP receiver failed', reason: error.message });
        return this.answerError(reply, format, 500, RPC.internal, 'internal error');
      });
      scope.post(OTLP_TRACES_PATH, { bodyLimit: this.bodyLimit }, (req, reply) => this.handle(req, reply));
    });
  }

  private async handle(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const format = formatOf(req.headers['content-type']);
    if (!this.authorised(req.headers.authorization)) {
      return this.answerError(reply, format ?? 'json', 401, RPC.unauthenticated, 'a valid ingest token is required: Authorization: Bearer <OBSERVABILITY_OTLP_TOKEN>');
    }
    if (!format) {
      return this.answerError(reply, 'json', 415, RPC.invalidArgument, `content type ${JSON.stringify(req.headers['content-type'] ?? '')} is not supported: send application/x-protobuf or application/json`);
    }
    let body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding === 'gzip') {
      try {
        body = await gunzipAsync(body, { maxOutputLength: this.bodyLimit });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return this.answerError(reply, format, 413, RPC.resourceExhausted, `body is larger than ${this.bodyLimit} bytes once decompressed`);
        return this.answerError(reply, format, 400, RPC.invalidArgument, `body is not valid gzip: ${(e as Error).message}`);
      }
    } else if (encoding !== 'identity') {
      return this.answerError(reply, format, 415, RPC.invalidArgument, `content encoding ${JSON.stringify(encoding)} is not supported: send gzip or none`);
    }
    try {
      const result = await this.ingest.execute(body, format);
      this.metrics.request(format, 200);
      return reply.code(200).type(OTLP_CONTENT_TYPES[format]).send(encodeExportResponse(format, result));
    } catch (e) {
      if (e instanceof OtlpDecodeError) return this.answerError(reply, format, 400, RPC.invalidArgument, e.message);
      this.logger.error({ msg: 'cannot store received spans', reason: (e as Error).message });
      return this.answerError(reply, format, 503, RPC.unavailable, 'spans cannot be stored right now; retry later', { 'retry-after': '5' });
    }
  }

  private authorised(header: string | undefined): boolean {
    if (!this.token) return true;
    const given = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    return given !== undefined && timingSafeEqual(digest(given), this.token);
  }

  private answerError(reply: FastifyReply, format: OtlpFormat, status: number, code: number, message: string, headers: Record<string, string> = {}): FastifyReply {
    this.metrics.request(format, status);
    return reply.code(status).headers(headers).type(OTLP_CONTENT_TYPES[format]).send(encodeStatus(format, code, message));
  }
}
