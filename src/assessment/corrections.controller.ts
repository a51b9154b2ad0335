import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../access/decorators';
import { Principal } from '../access/principal';
import { idParam } from '../common/id-param';
import { CorrectionsService, CorrectionView } from './corrections.service';

const caseId = idParam('Het dossier');

/** Correction requests (AVG art. 16): the candidate asks, the assigned screener decides. */
@ApiTags('assessment')
@ApiBearerAuth()
@Controller('cases/:id/corrections')
export class CorrectionsController {
  constructor(private readonly corrections: CorrectionsService) {}

  @Get()
  @RequirePermission('wederhoor.read')
  list(@CurrentPrincipal() principal: Principal, @Param('id', caseId) id: string): Promise<CorrectionView[]> {
    return this.corrections.list(principal, id);
  }

  @Post()
  @RequirePermission('wederhoor.write')
  @ApiBody({ schema: { type: 'object', required: ['findingId', 'request'], properties: { findingId: { type: 'string', format: 'uuid' }, request: { type: 'string', maxLength: 4000 } } } })
  request(@CurrentPrincipal() principal: Principal, @Param('id', caseId) id: string, @Body() body: Record<string, unknown>): Promise<CorrectionView> {
    return this.corrections.request(principal, id, body);
  }

  @Post(':correctionId/decision')
  @RequirePermission('assessment.write')
  @ApiBody({ schema: { type: 'object', required: ['accept'], properties: { accept: { type: 'boolean' }, correctedWording: { type: 'string', maxLength: 4000 }, reason: { type: 'string', maxLength: 4000 } } } })
  decide(@CurrentPrincipal() p: Principal, @Param('id', caseId) id: string, @Param('correctionId', idParam('Het verzoek')) correction: string, @Body() body: Record<string, unknown>) {
    return this.corrections.decide(p, id, correction, body);
  }
}
