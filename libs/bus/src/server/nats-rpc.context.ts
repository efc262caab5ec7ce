import { BaseRpcContext } from '@nestjs/microservices';
import { Match, type Msg, type MsgHdrs } from '@nats-io/nats-core';

/** What a `@MessagePattern` handler receives through `@Ctx()`. */
export class NatsRpcContext extends BaseRpcContext<[string, Msg]> {
  constructor(subject: string, msg: Msg) {
    super([subject, msg]);
  }

  /** Logical subject, as in contracts (`platform.ping`). */
  getSubject(): string {
    return this.args[0];
  }

  getHeaders(): MsgHdrs | undefined {
    return this.args[1].headers;
  }

  getHeader(name: string): string | undefined {
    const headers = this.args[1].headers;
    return headers?.has(name, Match.IgnoreCase) ? headers.get(name, Match.IgnoreCase) : undefined;
  }
}
