import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { ValidationError } from '../errors/domain-error';
import { ZodValidationPipe } from './zod-validation.pipe';

class ListDto extends createZodDto(z.object({ limit: z.coerce.number().int().max(1000).default(100), tags: z.array(z.string()).optional() })) {}

describe('ZodValidationPipe', () => {
  const pipe = new ZodValidationPipe();

  it('returns the parsed value with defaults and coercion applied', () => {
    expect(pipe.transform({ limit: '20' }, { type: 'query', metatype: ListDto })).toEqual({ limit: 20 });
  });

  it('names the query parameter that is wrong', () => {
    try {
      pipe.transform({ limit: '5000' }, { type: 'query', metatype: ListDto });
      throw new Error('expected a ValidationError');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).details).toEqual([{ path: 'query.limit', message: expect.stringContaining('1000') }]);
    }
  });

  it('points into arrays of the body', () => {
    try {
      pipe.transform({ tags: ['a', 7] }, { type: 'body', metatype: ListDto });
      throw new Error('expected a ValidationError');
    } catch (e) {
      expect((e as ValidationError).details?.[0].path).toBe('body.tags[1]');
    }
  });

  it('leaves parameters without a zod DTO alone', () => {
    expect(pipe.transform('raw', { type: 'param', metatype: String })).toBe('raw');
  });
});
