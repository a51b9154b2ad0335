import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsOptional, Matches } from 'class-validator';
import { getStateNodes } from 'xstate/graph';
import { EVENT_ACTORS } from '../../workflows/actors';
import { MACHINES } from '../../workflows';
import { toMermaid } from '../../workflows/mermaid';
import { CurrentUser, RequirePermission } from '../access/decorators';
import { UserPrincipal } from '../access/principal';
import { actorOf } from '../audit/audit.service';
import { MigrationReport, MigrationService } from './migration.service';
import { notFound } from '../common/app-error';
import { eventDescription } from './guide';

export class MigrateCasesDto {
  @Matches(/^\d+\.\d+\.\d+$/) from: string;
  @Matches(/^\d+\.\d+\.\d+$/) to: string;
  /** Without `apply: true` this is a dry run: nothing is written. */
  @IsOptional() @IsBoolean() apply?: boolean;
}

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('workflows')
export class WorkflowsController {
  constructor(private readonly migrations: MigrationService) {}

  /** Moves the organisation's running cases to another machine version: a dry run unless `apply` is true. */
  @Post(':id/migrations')
  @RequirePermission('workflow.migrate')
  @HttpCode(200)
  migrate(@CurrentUser() principal: UserPrincipal, @Param('id') id: string, @Body() body: MigrateCasesDto): Promise<MigrationReport> {
    if (!MACHINES.some((m) => m.id === id)) throw notFound('Het werkproces');
    return this.migrations.migrate({ from: body.from, to: body.to, apply: body.apply === true, organisationId: principal.organisationId, actor: actorOf(principal) });
  }

  @Get()
  @RequirePermission('workflow.read')
  list() {
    return MACHINES.map((m) => ({ id: m.id, version: m.version, title: m.title }));
  }

  /** The latest version of a machine: states, events with who may send them, and its diagram. */
  @Get(':id')
  @RequirePermission('workflow.read')
  get(@Param('id') id: string) {
    const versions = MACHINES.filter((m) => m.id === id);
    const latest = versions[versions.length - 1];
    if (!latest) throw notFound('Het werkproces');
    return {
      id: latest.id,
      version: latest.version,
      versions: versions.map((v) => v.version),
      title: latest.title,
      states: getStateNodes(latest.machine.root).map((node) => ({ id: node.id, key: node.key, type: node.type })),
      events: Object.entries(EVENT_ACTORS).map(([type, actors]) => ({ type, actors, description: eventDescription(latest.version, type as keyof typeof EVENT_ACTORS) })),
      mermaid: toMermaid(latest.machine),
    };
  }
}
