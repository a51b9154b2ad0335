import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../access/decorators';
import { Principal } from '../access/principal';
import { ConsentService, ConsentView } from './consent.service';
import { ExportService } from './export.service';
import { QuestionnaireService, QuestionnaireView } from './questionnaire.service';
import { idParam } from '../common/id-param';

const caseId = idParam('Het dossier');

@ApiTags('candidates')
@ApiBearerAuth()
@Controller('cases/:id')
export class CandidatesController {
  constructor(
    private readonly consent: ConsentService,
    private readonly questionnaire: QuestionnaireService,
    private readonly exports: ExportService,
  ) {}

  /** Inzage (AVG art. 15): all personal data held about the candidate in this case, as JSON. */
  @Get('export')
  @RequirePermission('case.export')
  export(@CurrentPrincipal() principal: Principal, @Param('id', caseId) id: string) {
    return this.exports.export(principal, id);
  }

  @Get('consent')
  @RequirePermission('case.read')
  getConsent(@CurrentPrincipal() principal: Principal, @Param('id', caseId) id: string): Promise<ConsentView> {
    return this.consent.get(principal, id);
  }

  @Get('questionnaire')
  @RequirePermission('questionnaire.read')
  getQuestionnaire(@CurrentPrincipal() principal: Principal, @Param('id', caseId) id: string): Promise<QuestionnaireView> {
    return this.questionnaire.get(principal, id);
  }

  @Put('questionnaire/answers')
  @RequirePermission('questionnaire.write')
  @ApiBody({ schema: { type: 'object', properties: { answers: { type: 'object', additionalProperties: { type: 'object', properties: { value: {}, explanation: { type: 'string' } } } } } } })
  saveAnswers(@CurrentPrincipal() principal: Principal, @Param('id', caseId) id: string, @Body() body: Record<string, unknown>): Promise<QuestionnaireView> {
    return this.questionnaire.save(principal, id, body);
  }
}
