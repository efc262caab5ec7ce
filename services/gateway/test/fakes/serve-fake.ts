import { AnthropicFake } from './anthropic.fake';
import { BedrockFake } from './bedrock.fake';
import { CohereFake } from './cohere.fake';
import type { FakeServer } from './fake-server';
import { GeminiFake, VertexFake } from './google.fake';
import { OpenAIFake, type OpenAIDialect } from './openai.fake';

/**
 * Runs one fake as a process, for the benchmark and manual testing:
 *   node -r @swc-node/register services/gateway/test/fakes/serve-fake.ts openai [apiKey]
 * Prints `<name> <url>` on one line once listening; stops on SIGINT / SIGTERM.
 * The fake's request log grows with every call; for long benchmark runs it is cleared every 10 000 requests.
 */
const FAKES: Record<string, (key?: string) => FakeServer> = {
  openai: (key) => new OpenAIFake({ apiKey: key }),
  azure: (key) => new OpenAIFake({ dialect: 'azure', apiKey: key }),
  groq: (key) => new OpenAIFake({ dialect: 'groq', apiKey: key }),
  together: (key) => new OpenAIFake({ dialect: 'together', apiKey: key }),
  mistral: (key) => new OpenAIFake({ dialect: 'mistral' as OpenAIDialect, apiKey: key }),
  vllm: (key) => new OpenAIFake({ dialect: 'vllm', apiKey: key ?? '' }),
  anthropic: (key) => new AnthropicFake(key),
  bedrock: () => new BedrockFake(),
  gemini: (key) => new GeminiFake(key),
  vertex: (key) => new VertexFake(key),
  cohere: (key) => new CohereFake(key),
};

async function main(): Promise<void> {
  const [name = 'openai', key] = process.argv.slice(2);
  const make = FAKES[name];
  if (!make) {
    process.stderr.write(`unknown fake ${name}; one of ${Object.keys(FAKES).join(', ')}\n`);
    process.exit(2);
  }
  const fake = await make(key).start();
  const trim = setInterval(() => {
    if (fake.requests.length > 10_000) fake.requests.length = 0;
  }, 1000);
  trim.unref();
  process.stdout.write(`${name} ${fake.url}\n`);
  const stop = () => void fake.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
