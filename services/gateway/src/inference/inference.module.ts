import { Module } from '@nestjs/common';
import { HotPathModule } from '../hot-path/hot-path.module';
import { AnthropicController, OpenAIController } from './inference.controllers';

/** The REST data plane: OpenAI- and Anthropic-compatible routes over the hot-path use cases. */
@Module({
  imports: [HotPathModule],
  controllers: [OpenAIController, AnthropicController],
})
export class InferenceModule {}
