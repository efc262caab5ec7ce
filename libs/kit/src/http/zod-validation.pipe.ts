import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { ValidationError } from '../errors/domain-error';
import { zodIssuesToDetails } from '../errors/http-exception.filter';

interface ZodDtoClass {
  isZodDto?: boolean;
  schema?: z.ZodType;
}

/**
 * Validates every `@Body()`, `@Query()` and `@Param()` typed with a zod DTO (`createZodDto`), and
 * says where the problem is: `query.limit`, `body.messages[2].role`, `param.id`.
 */
@Injectable()
export class ZodValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const dto = metadata.metatype as ZodDtoClass | undefined;
    if (!dto?.isZodDto || !dto.schema) return value;
    const result = dto.schema.safeParse(value);
    if (result.success) return result.data;
    const where = metadata.type === 'custom' ? 'input' : metadata.type;
    throw new ValidationError(`The request ${where === 'param' ? 'path' : where} is invalid`, zodIssuesToDetails(result.error, where));
  }
}
