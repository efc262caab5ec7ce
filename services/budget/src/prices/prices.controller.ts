import { Body, Controller, Get, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminKeyGuard, ApiErrorResponses } from '@ironcage/kit';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { AddPriceUseCase, addPriceSchema } from './add-price/add-price.usecase';
import { ListPricesUseCase, listPricesSchema } from './list-prices/list-prices.usecase';
import { priceViewSchema, type PriceView } from './price-view';

class AddPriceDto extends createZodDto(addPriceSchema) {}
class ListPricesDto extends createZodDto(listPricesSchema) {}
class PriceDto extends createZodDto(priceViewSchema) {}
class PriceListDto extends createZodDto(z.object({ prices: z.array(priceViewSchema) })) {}

@ApiTags('prices')
@ApiBearerAuth()
@UseGuards(AdminKeyGuard)
@ApiErrorResponses()
@Controller('v1/prices')
export class PricesController {
  constructor(
    private readonly addPrice: AddPriceUseCase,
    private readonly listPrices: ListPricesUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The price catalogue: the versions in effect now (or at `at`), or every version with `history=true`' })
  @ApiOkResponse({ type: PriceListDto })
  async list(@Query() query: ListPricesDto): Promise<{ prices: PriceView[] }> {
    return { prices: await this.listPrices.execute(query) };
  }

  @Post()
  @ApiOperation({ summary: 'Add a price version for a model (public, or one org’s own; optionally for one deployment)' })
  @ApiCreatedResponse({ type: PriceDto })
  add(@Body() body: AddPriceDto): Promise<PriceView> {
    return this.addPrice.execute(body);
  }
}
