import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { getStateNodes } from 'xstate/graph';
import { EVENT_ACTORS } from '../../workflows/actors';
import { MACHINES } from '../../workflows';
import { toMermaid } from '../../workflows/mermaid';
import { RequirePermission } from '../access/decorators';
import { notFound } from '../common/app-error';
import { eventDescription } from './guide';

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('workflows')
export class WorkflowsController {
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
