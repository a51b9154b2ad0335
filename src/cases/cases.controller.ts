import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, CurrentUser, RequirePermission } from '../access/decorators';
import { Principal, UserPrincipal } from '../access/principal';
import { CaseSummaryView, CaseView, CreateCaseDto, LegalHoldDto, TaskView } from './cases.dto';
import { CasesService } from './cases.service';
import { idParam } from '../common/id-param';

const caseId = idParam('Het dossier');

@ApiTags('cases')
@ApiBearerAuth()
@Controller()
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post('cases')
  @RequirePermission('case.create')
  create(@CurrentUser() principal: UserPrincipal, @Body() body: CreateCaseDto): Promise<CaseView> {
    return this.cases.create(principal, body);
  }

  @Get('cases')
  @RequirePermission('case.read')
  @ApiOkResponse({ type: CaseSummaryView, isArray: true })
  list(@CurrentPrincipal() principal: Principal): Promise<CaseSummaryView[]> {
    return this.cases.list(principal);
  }

  @Get('cases/:id')
  @RequirePermission('case.read')
  @ApiOkResponse({ type: CaseView })
  get(@CurrentPrincipal() principal: Principal, @Param('id', caseId) id: string): Promise<CaseView> {
    return this.cases.get(principal, id);
  }

  @Post('cases/:id/events')
  @RequirePermission('case.event')
  @HttpCode(200)
  @ApiBody({ schema: { type: 'object', required: ['type', 'expectedVersion'], properties: { type: { type: 'string' }, expectedVersion: { type: 'integer' } }, additionalProperties: true } })
  @ApiOkResponse({ type: CaseView })
  event(@CurrentPrincipal() principal: Principal, @Param('id', caseId) id: string, @Body() body: Record<string, unknown>): Promise<CaseView> {
    return this.cases.applyUserEvent(principal, id, body);
  }

  @Get('cases/:id/trail')
  @RequirePermission('case.read')
  trail(@CurrentPrincipal() principal: Principal, @Param('id', caseId) id: string) {
    return this.cases.trail(principal, id);
  }

  @Put('cases/:id/legal-hold')
  @RequirePermission('case.legal_hold')
  legalHold(@CurrentUser() principal: UserPrincipal, @Param('id', caseId) id: string, @Body() body: LegalHoldDto) {
    return this.cases.setLegalHold(principal, id, body.hold);
  }

  @Get('tasks')
  @RequirePermission('task.read')
  @ApiOkResponse({ type: TaskView, isArray: true })
  tasks(@CurrentUser() principal: UserPrincipal): Promise<TaskView[]> {
    return this.cases.tasks(principal);
  }
}
