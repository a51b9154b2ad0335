import { Body, Controller, Get, Header, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequirePermission } from '../access/decorators';
import { UserPrincipal } from '../access/principal';
import { idParam } from '../common/id-param';
import { AddCandidatesDto, BoardView, CreateFormationDto, FormationSummaryView, FormationUpdateView, FormationView, NominationView, UpdateFormationDto } from './formations.dto';
import { FormationsService } from './formations.service';

const formationId = idParam('De formatie');

@ApiTags('formations')
@ApiBearerAuth()
@Controller('formations')
export class FormationsController {
  constructor(private readonly formations: FormationsService) {}

  @Post()
  @RequirePermission('formation.create')
  @ApiCreatedResponse({ type: FormationView })
  create(@CurrentUser() principal: UserPrincipal, @Body() body: CreateFormationDto): Promise<FormationView> {
    return this.formations.create(principal, body);
  }

  @Get()
  @RequirePermission('formation.list')
  @ApiOkResponse({ type: FormationSummaryView, isArray: true })
  list(@CurrentUser() principal: UserPrincipal): Promise<FormationSummaryView[]> {
    return this.formations.list(principal);
  }

  @Get(':id')
  @RequirePermission('formation.read')
  @ApiOkResponse({ type: FormationView })
  get(@CurrentUser() principal: UserPrincipal, @Param('id', formationId) id: string): Promise<FormationView> {
    return this.formations.get(principal, id);
  }

  @Get(':id/board')
  @RequirePermission('formation.read')
  @ApiOkResponse({ type: BoardView })
  board(@CurrentUser() principal: UserPrincipal, @Param('id', formationId) id: string): Promise<BoardView> {
    return this.formations.board(principal, id);
  }

  @Get(':id/calendar')
  @RequirePermission('formation.read')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="formatie.ics"')
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'iCalendar (RFC 5545)', schema: { type: 'string' } })
  calendar(@CurrentUser() principal: UserPrincipal, @Param('id', formationId) id: string): Promise<string> {
    return this.formations.calendar(principal, id);
  }

  @Patch(':id')
  @RequirePermission('formation.update')
  @ApiOkResponse({ type: FormationUpdateView })
  update(@CurrentUser() principal: UserPrincipal, @Param('id', formationId) id: string, @Body() body: UpdateFormationDto): Promise<FormationUpdateView> {
    return this.formations.update(principal, id, body);
  }

  @Post(':id/candidates')
  @RequirePermission('formation.update')
  @ApiCreatedResponse({ type: NominationView, isArray: true })
  addCandidates(@CurrentUser() principal: UserPrincipal, @Param('id', formationId) id: string, @Body() body: AddCandidatesDto): Promise<NominationView[]> {
    return this.formations.addCandidates(principal, id, body);
  }
}
