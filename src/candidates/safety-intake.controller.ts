import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../access/decorators';
import { Principal } from '../access/principal';
import { idParam } from '../common/id-param';
import { SafetyIntakeService, SafetyIntakeView } from './safety-intake.service';

const caseId = idParam('Het dossier');

/** The voluntary safety intake: the candidate's (who opts in) and the opdrachtgever's (who reads), no one else's. */
@ApiTags('candidates')
@ApiBearerAuth()
@Controller('cases/:id/safety-intake')
export class SafetyIntakeController {
  constructor(private readonly intake: SafetyIntakeService) {}

  @Get()
  @RequirePermission('safety_intake.read')
  get(@CurrentPrincipal() principal: Principal, @Param('id', caseId) id: string): Promise<SafetyIntakeView> {
    return this.intake.get(principal, id);
  }

  @Put()
  @RequirePermission('safety_intake.write')
  @ApiBody({ schema: { type: 'object', properties: { answers: { type: 'object', additionalProperties: { type: 'object', properties: { value: {}, explanation: { type: 'string' } } } } } } })
  save(@CurrentPrincipal() principal: Principal, @Param('id', caseId) id: string, @Body() body: Record<string, unknown>): Promise<SafetyIntakeView> {
    return this.intake.save(principal, id, body);
  }

  @Delete()
  @HttpCode(204)
  @RequirePermission('safety_intake.write')
  async remove(@CurrentPrincipal() principal: Principal, @Param('id', caseId) id: string): Promise<void> {
    await this.intake.remove(principal, id);
  }
}
