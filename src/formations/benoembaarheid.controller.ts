import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequirePermission } from '../access/decorators';
import { UserPrincipal } from '../access/principal';
import { idParam } from '../common/id-param';
import { BenoembaarheidView, FormationBenoembaarheidView, RecordCheckDto } from './benoembaarheid.dto';
import { BenoembaarheidService } from './benoembaarheid.service';
import { CasePlanResponse } from './formations.dto';
import { FormationsService } from './formations.service';

@ApiTags('formations')
@ApiBearerAuth()
@Controller()
export class BenoembaarheidController {
  constructor(
    private readonly benoembaarheid: BenoembaarheidService,
    private readonly formations: FormationsService,
  ) {}

  @Get('cases/:id/plan')
  @RequirePermission('plan.read')
  @ApiOkResponse({ type: CasePlanResponse })
  plan(@CurrentUser() principal: UserPrincipal, @Param('id', idParam('Het dossier')) id: string): Promise<CasePlanResponse> {
    return this.formations.casePlanOf(principal, id);
  }

  @Get('formations/:id/benoembaarheid')
  @RequirePermission('benoembaarheid.read')
  @ApiOkResponse({ type: FormationBenoembaarheidView })
  formation(@CurrentUser() principal: UserPrincipal, @Param('id', idParam('De formatie')) id: string): Promise<FormationBenoembaarheidView> {
    return this.benoembaarheid.forFormation(principal, id);
  }

  @Get('cases/:id/benoembaarheid')
  @RequirePermission('benoembaarheid.read')
  @ApiOkResponse({ type: BenoembaarheidView })
  case(@CurrentUser() principal: UserPrincipal, @Param('id', idParam('Het dossier')) id: string): Promise<BenoembaarheidView> {
    return this.benoembaarheid.forCase(principal, id);
  }

  @Put('cases/:id/benoembaarheid/:requirement')
  @RequirePermission('benoembaarheid.write')
  @ApiOkResponse({ type: BenoembaarheidView })
  record(@CurrentUser() principal: UserPrincipal, @Param('id', idParam('Het dossier')) id: string, @Param('requirement') requirement: string, @Body() body: RecordCheckDto): Promise<BenoembaarheidView> {
    return this.benoembaarheid.record(principal, id, requirement, body);
  }
}
