import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth';
import type { CatalogueModel } from '../catalogue/model-catalogue';
import { RequestRecord } from '../usage-events/request-record';
import { UsageEvents } from '../usage-events/usage-events';
import { HotPathError, HotPathErrorCode } from './hot-path.exception';
import { ModelGate } from './model-gate';
import { outcomeOf } from './outcome';

/** OpenAI's model object, with the catalogue's type and description added. */
export interface ModelObject {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
  /** `chat` or `embeddings`. */
  type: string;
  /** For an alias: the model it stands for. */
  alias_of?: string;
  description?: string;
}

// Model objects are answered with a fixed creation time: the catalogue has no history.
const CREATED = 1_735_689_600;

function toModelObject(name: string, model: CatalogueModel): ModelObject {
  return {
    id: name,
    object: 'model',
    created: CREATED,
    owned_by: model.deployments[0].provider,
    type: model.type,
    ...(name !== model.name ? { alias_of: model.name } : {}),
    ...(model.description ? { description: model.description } : {}),
  };
}

/** `GET /v1/models`: only the models (and aliases) the caller's key may use. */
@Injectable()
export class ListModelsUseCase {
  constructor(
    private readonly gate: ModelGate,
    private readonly usage: UsageEvents,
  ) {}

  async list(principal: Principal, endpoint: string): Promise<{ object: 'list'; data: ModelObject[] }> {
    return this.recorded(principal, endpoint, async () => ({ object: 'list' as const, data: (await this.gate.visible(principal)).map(({ name, model }) => toModelObject(name, model)) }));
  }

  /** One model, or 404 when it does not exist or the key may not use it (so nothing leaks). */
  async get(principal: Principal, name: string, endpoint: string): Promise<ModelObject> {
    return this.recorded(principal, endpoint, async () => {
      const found = (await this.gate.visible(principal)).find((v) => v.name === name);
      if (!found) throw new HotPathError(HotPathErrorCode.ModelNotFound, `The model "${name}" does not exist or this key may not use it`, { param: 'model' });
      return toModelObject(found.name, found.model);
    });
  }

  private async recorded<T>(principal: Principal, endpoint: string, work: () => Promise<T>): Promise<T> {
    const record = new RequestRecord(principal, endpoint, 'GET');
    try {
      const result = await work();
      this.usage.finish(record, 200);
      return result;
    } catch (err) {
      const { status, code } = outcomeOf(err);
      this.usage.finish(record, status, code);
      throw err;
    }
  }
}
