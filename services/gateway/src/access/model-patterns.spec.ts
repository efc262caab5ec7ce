import { compileModelPatterns, modelPatternsSchema } from './model-patterns';

describe('model patterns', () => {
  const allows = (patterns: string[], model: string) => compileModelPatterns(patterns).matches(model);

  it('places no restriction when the list is empty', () => {
    expect(compileModelPatterns([]).unrestricted).toBe(true);
    expect(allows([], 'anything/at-all')).toBe(true);
  });

  it('matches a prefix glob within the provider', () => {
    expect(allows(['openai/gpt-4o*'], 'openai/gpt-4o')).toBe(true);
    expect(allows(['openai/gpt-4o*'], 'openai/gpt-4o-mini')).toBe(true);
    expect(allows(['openai/gpt-4o*'], 'openai/o1')).toBe(false);
    expect(allows(['openai/gpt-4o*'], 'azure/gpt-4o')).toBe(false);
  });

  it('keeps * within one path part and lets ** cross them', () => {
    expect(allows(['together/*'], 'together/meta-llama/Llama-3-70b')).toBe(false);
    expect(allows(['together/**'], 'together/meta-llama/Llama-3-70b')).toBe(true);
    expect(allows(['**'], 'fast')).toBe(true);
    expect(allows(['**'], 'openai/gpt-4o')).toBe(true);
  });

  it('matches aliases exactly and alternatives in braces', () => {
    expect(allows(['fast'], 'fast')).toBe(true);
    expect(allows(['fast'], 'faster')).toBe(false);
    expect(allows(['openai/{gpt-4o,o1}'], 'openai/o1')).toBe(true);
    expect(allows(['*/gpt-4o'], 'azure/gpt-4o')).toBe(true);
  });

  it('treats model names with dots, colons and @ literally', () => {
    expect(allows(['bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0'], 'bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0')).toBe(true);
    expect(allows(['vertex/claude-3-5-sonnet@*'], 'vertex/claude-3-5-sonnet@20240620')).toBe(true);
    expect(allows(['openai/gpt-4.1'], 'openai/gpt-401')).toBe(false);
  });

  it('rejects a lone * (it would not match provider/model names) and broken globs, naming the entry', () => {
    const lone = modelPatternsSchema.safeParse(['mock/*', '*']);
    expect(lone.success).toBe(false);
    expect(lone.error?.issues[0]).toMatchObject({ path: [1], message: expect.stringContaining('**') });
    expect(modelPatternsSchema.safeParse(['openai/[gpt']).success).toBe(false);
    expect(modelPatternsSchema.safeParse(['bad pattern with spaces']).success).toBe(false);
  });

  it('drops duplicate patterns', () => {
    expect(modelPatternsSchema.parse(['mock/*', 'mock/*'])).toEqual(['mock/*']);
  });
});
