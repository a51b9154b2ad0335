import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../access/decorators';
import { Principal } from '../access/principal';
import { ConclusionDto, InterviewDto, RiskDto, SourceDto, WederhoorResponseDto } from './assessment.dto';
import { AssessmentService } from './assessment.service';
import { WederhoorService } from './wederhoor.service';
import { idParam } from '../common/id-param';

const caseId = idParam('Het dossier');
const riskId = idParam('Het risico');

@ApiTags('assessment')
@ApiBearerAuth()
@Controller('cases/:id')
export class AssessmentController {
  constructor(
    private readonly assessment: AssessmentService,
    private readonly wederhoor: WederhoorService,
  ) {}

  @Get('assessment')
  @RequirePermission('assessment.read')
  get(@CurrentPrincipal() p: Principal, @Param('id', caseId) id: string) {
    return this.assessment.get(p, id);
  }

  @Post('sources')
  @RequirePermission('assessment.write')
  addSource(@CurrentPrincipal() p: Principal, @Param('id', caseId) id: string, @Body() body: SourceDto) {
    return this.assessment.addSource(p, id, body);
  }

  @Put('interview')
  @RequirePermission('assessment.write')
  saveInterview(@CurrentPrincipal() p: Principal, @Param('id', caseId) id: string, @Body() body: InterviewDto) {
    return this.assessment.saveInterview(p, id, body);
  }

  @Post('risks')
  @RequirePermission('assessment.write')
  addRisk(@CurrentPrincipal() p: Principal, @Param('id', caseId) id: string, @Body() body: RiskDto) {
    return this.assessment.addRisk(p, id, body);
  }

  @Put('risks/:riskId')
  @RequirePermission('assessment.write')
  updateRisk(@CurrentPrincipal() p: Principal, @Param('id', caseId) id: string, @Param('riskId', riskId) risk: string, @Body() body: RiskDto) {
    return this.assessment.updateRisk(p, id, risk, body);
  }

  @Delete('risks/:riskId')
  @RequirePermission('assessment.write')
  @HttpCode(204)
  deleteRisk(@CurrentPrincipal() p: Principal, @Param('id', caseId) id: string, @Param('riskId', riskId) risk: string) {
    return this.assessment.deleteRisk(p, id, risk);
  }

  @Put('assessment/draft')
  @RequirePermission('assessment.write')
  saveDraft(@CurrentPrincipal() p: Principal, @Param('id', caseId) id: string, @Body() body: ConclusionDto) {
    return this.assessment.saveDraft(p, id, body);
  }

  @Get('wederhoor')
  @RequirePermission('wederhoor.read')
  getWederhoor(@CurrentPrincipal() p: Principal, @Param('id', caseId) id: string) {
    return this.wederhoor.get(p, id);
  }

  @Put('wederhoor/response')
  @RequirePermission('wederhoor.write')
  respond(@CurrentPrincipal() p: Principal, @Param('id', caseId) id: string, @Body() body: WederhoorResponseDto) {
    return this.wederhoor.respond(p, id, body.response);
  }
}
