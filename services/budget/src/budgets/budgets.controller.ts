import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminKeyGuard, ApiErrorResponses } from '@ironcage/kit';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { budgetViewSchema, orgIdSchema, type BudgetView } from './budget';
import { CreateBudgetUseCase, createBudgetSchema } from './create-budget/create-budget.usecase';
import { listBudgetsSchema, QueryBudgetsUseCase } from './query-budgets/query-budgets.usecase';
import { UpdateBudgetUseCase, updateBudgetSchema } from './update-budget/update-budget.usecase';

class CreateBudgetDto extends createZodDto(createBudgetSchema) {}
class UpdateBudgetDto extends createZodDto(updateBudgetSchema) {}
class ListBudgetsDto extends createZodDto(listBudgetsSchema) {}
class OrgQueryDto extends createZodDto(z.object({ orgId: orgIdSchema })) {}
class IdParamDto extends createZodDto(z.object({ id: z.uuid() })) {}
class BudgetDto extends createZodDto(budgetViewSchema) {}
class BudgetListDto extends createZodDto(z.object({ budgets: z.array(budgetViewSchema) })) {}

@ApiTags('budgets')
@ApiBearerAuth()
@UseGuards(AdminKeyGuard)
@ApiErrorResponses()
@Controller('v1/budgets')
export class BudgetsController {
  constructor(
    private readonly createBudget: CreateBudgetUseCase,
    private readonly updateBudget: UpdateBudgetUseCase,
    private readonly queryBudgets: QueryBudgetsUseCase,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a budget on an org, team, project, user, key or agent (optionally one model within it)' })
  @ApiCreatedResponse({ type: BudgetDto })
  create(@Body() body: CreateBudgetDto): Promise<BudgetView> {
    return this.createBudget.execute(body);
  }

  @Get()
  @ApiOperation({ summary: "List an org's budgets with their current period" })
  @ApiOkResponse({ type: BudgetListDto })
  async list(@Query() query: ListBudgetsDto): Promise<{ budgets: BudgetView[] }> {
    return { budgets: await this.queryBudgets.list(query) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One budget: limit, spent and held in the current period, when it resets' })
  @ApiOkResponse({ type: BudgetDto })
  @ApiErrorResponses(404)
  get(@Param() params: IdParamDto, @Query() query: OrgQueryDto): Promise<BudgetView> {
    return this.queryBudgets.get(query.orgId, params.id);
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change a budget's limit, thresholds, enforcement or state" })
  @ApiOkResponse({ type: BudgetDto })
  @ApiErrorResponses(404)
  update(@Param() params: IdParamDto, @Query() query: OrgQueryDto, @Body() body: UpdateBudgetDto): Promise<BudgetView> {
    return this.updateBudget.execute(query.orgId, params.id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a budget (the ledger keeps the spend)' })
  @ApiNoContentResponse()
  @ApiErrorResponses(404)
  async remove(@Param() params: IdParamDto, @Query() query: OrgQueryDto): Promise<void> {
    await this.updateBudget.delete(query.orgId, params.id);
  }
}
