import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import { CurrentPrincipal, RequirePermission } from '../access/decorators';
import { Principal } from '../access/principal';
import { Organisation, ORGANISATION_KINDS, OrganisationKind } from './organisation.entity';
import { idParam } from '../common/id-param';

export class OrganisationView {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;

  static of(o: Organisation): OrganisationView {
    return { id: o.id, code: o.code, name: o.name, kind: o.kind };
  }
}

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('organisations')
export class OrganisationsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  @Get(':id')
  @RequirePermission('organisation.read')
  async get(@CurrentPrincipal() principal: Principal, @Param('id', idParam('De organisatie')) id: string): Promise<OrganisationView> {
    await this.access.require(principal, 'organisation.read', id, 'De organisatie');
    const organisation = await this.dataSource.getRepository(Organisation).findOneByOrFail({ id });
    return OrganisationView.of(organisation);
  }
}
