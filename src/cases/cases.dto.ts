import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsEmail, IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import type { Guide } from './guide';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CandidateDto {
  @ApiProperty({ example: 'Jan de Vries' }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'jan.devries@example.nl' }) @Transform(trim) @IsEmail() @MaxLength(254)
  email: string;
}

export class CreateCaseDto {
  @ApiProperty({ enum: ['wethouder', 'gedeputeerde', 'dagelijksBestuurslid', 'eilandgedeputeerde'], required: false, description: 'Follows from the kind of organisation; when given it must match' })
  @IsOptional() @IsIn(['wethouder', 'gedeputeerde', 'dagelijksBestuurslid', 'eilandgedeputeerde'])
  office?: string;

  // IsObject: ValidateNested alone accepts a list of candidates, checking each one.
  @ApiProperty({ type: CandidateDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => CandidateDto)
  candidate: CandidateDto;

  @ApiProperty({ example: '2026-06-01' }) @IsString() @Matches(/^\d{4}-\d{2}-\d{2}$/)
  plannedAppointmentDate: string;
}

export class LegalHoldDto {
  @ApiProperty() @IsBoolean() hold: boolean;
}

export class AllowedEventView {
  @ApiProperty() type: string;
  @ApiProperty() description: string;
}

export class CaseView {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'Short reference for people, e.g. BS-2026-4F3A9C' }) reference: string;
  @ApiProperty() office: string;
  @ApiProperty() organisationId: string;
  @ApiProperty() plannedAppointmentDate: string;
  @ApiProperty() machine: { id: string; version: string };
  @ApiProperty({ description: 'The state of both regions, e.g. {scan: {lopend: …}, vog: "aangevraagd"}' }) state: unknown;
  @ApiProperty() phase: string;
  @ApiProperty() version: number;
  @ApiProperty({ required: false, nullable: true }) screenerId: string | null;
  @ApiProperty({ required: false, description: 'Only for the opdrachtgever and the assigned screener' }) candidate?: { name: string; email: string } | null;
  @ApiProperty({ type: AllowedEventView, isArray: true }) allowedEvents: AllowedEventView[];
  @ApiProperty() guide: Guide;
  @ApiProperty({ description: 'Of het onderzoeksdossier van de screener in deze fase kan worden gewijzigd' }) screenerFileOpen: boolean;
  @ApiPropertyOptional({ description: 'Wat aanvullend wordt onderzocht, zolang de kandidaat daarmee moet instemmen en de screener het uitvoert' }) furtherInvestigationScope?: string | null;
  @ApiProperty() createdAt: string;
}

export class CaseSummaryView {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'Short reference for people, e.g. BS-2026-4F3A9C' }) reference: string;
  @ApiProperty() office: string;
  @ApiProperty() phase: string;
  @ApiProperty({ description: 'The phase in Dutch, from the guide' }) phaseTitle: string;
  @ApiProperty({ nullable: true, description: 'Who must act now, in Dutch' }) waitingFor: string | null;
  @ApiProperty({ nullable: true, description: 'dueText: the deadline as people read it, "uiterlijk 10 december 2026"' }) nextDeadline: { description: string; dueAt: string; dueText: string } | null;
  @ApiProperty({ description: 'VOG status in Dutch; null for whoever may not see the VOG track', nullable: true, type: String }) vog: string | null;
  @ApiProperty() version: number;
  @ApiProperty() plannedAppointmentDate: string;
  @ApiProperty() createdAt: string;
}

export class TaskView {
  @ApiProperty() caseId: string;
  @ApiProperty({ description: 'Short reference for people, e.g. BS-2026-4F3A9C' }) reference: string;
  @ApiProperty() phase: string;
  @ApiProperty() action: string;
  @ApiProperty() description: string;
  @ApiProperty({ nullable: true }) deadline: string | null;
  @ApiProperty({ nullable: true, description: 'The deadline as people read it: "uiterlijk 10 december 2026"' }) deadlineText: string | null;
}
