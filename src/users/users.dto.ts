import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { IsOptionalNotNull } from '../common/validation';
import { OrganisationView } from '../orgs/organisations.controller';
import { Role, ROLES, User } from './user.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateUserDto {
  @ApiProperty() @Transform(trim) @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ROLES, isArray: true }) @IsArray() @ArrayUnique() @IsIn(ROLES, { each: true })
  roles: Role[];

  @ApiPropertyOptional({ description: 'At least 12 characters; omit for accounts that sign in only through OIDC' })
  @IsOptionalNotNull() @IsString() @MinLength(12) @MaxLength(1024)
  password?: string;
}

/** A field left out is left alone; null is no value for any of them (the columns hold no null). */
export class UpdateUserDto {
  @ApiPropertyOptional() @IsOptionalNotNull() @Transform(trim) @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true }) @IsOptionalNotNull() @IsArray() @ArrayUnique() @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional() @IsOptionalNotNull() @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional() @IsOptionalNotNull() @IsString() @MinLength(12) @MaxLength(1024)
  password?: string;
}

export class UserView {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty() active: boolean;
  @ApiProperty() organisationId: string;
  @ApiProperty({ enum: ['local', 'oidc'], isArray: true }) signIn: ('local' | 'oidc')[];
  /** Roles that read cases, asked for by one beheerder and waiting for a second one's approval. */
  @ApiPropertyOptional({ enum: ROLES, isArray: true }) pendingRoles?: Role[];

  static of(u: User, hasPassword: boolean): UserView {
    const signIn: ('local' | 'oidc')[] = [];
    if (hasPassword) signIn.push('local');
    if (u.oidcSubject) signIn.push('oidc');
    return { id: u.id, email: u.email, name: u.name, roles: u.roles, active: u.active, organisationId: u.organisationId, signIn };
  }
}

export class MeView {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: OrganisationView }) organisation: OrganisationView;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
}
