import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from '../cases/event-payloads';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimAll = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value);

/** The most candidates one request adds: a college has three to nine members, with room for replacements. */
export const MAX_CANDIDATES_PER_REQUEST = 15;

export class PersonDto {
  @ApiProperty({ example: 'Karin de Boer' }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'k.deboer@example.nl' }) @Transform(trim) @IsEmail() @MaxLength(254)
  email: string;
}

export class CreateFormationDto {
  @ApiProperty({ example: 'Collegevorming 2026', description: 'Naam van de formatie' }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  @ApiProperty({ example: '2026-03-18', description: 'Datum van de verkiezingen' }) @IsCalendarDate()
  electionDate: string;

  @ApiProperty({ example: '2026-05-07', description: 'Geplande datum van de installatievergadering (de beoogde benoemingsdatum van elke kandidaat)' }) @IsCalendarDate()
  installationDate: string;

  @ApiProperty({ type: [String], example: ['Partij A', 'Partij B'], description: 'De coalitiepartijen' })
  @Transform(trimAll) @IsArray() @ArrayMaxSize(12) @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(100, { each: true })
  coalitionParties: string[];

  // IsObject: ValidateNested alone accepts a list, checking each element.
  @ApiPropertyOptional({ type: PersonDto, description: 'De formateur (of informateur): ontvanger, geen gebruiker' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => PersonDto)
  formateur?: PersonDto;
}

export class UpdateFormationDto {
  @ApiProperty({ description: 'De versie van de formatie die u heeft gezien' }) @IsInt() @Min(1)
  expectedVersion: number;

  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  @ApiPropertyOptional() @IsOptional() @IsCalendarDate()
  electionDate?: string;

  @ApiPropertyOptional({ description: 'Een nieuwe datum verschuift de beoogde benoemingsdatum van elk lopend dossier van de formatie' }) @IsOptional() @IsCalendarDate()
  installationDate?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional() @Transform(trimAll) @IsArray() @ArrayMaxSize(12) @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(100, { each: true })
  coalitionParties?: string[];

  @ApiPropertyOptional({ type: PersonDto, nullable: true, description: 'null verwijdert de formateur' })
  @IsOptional() @ValidateIf((o: UpdateFormationDto) => o.formateur !== null) @IsObject() @ValidateNested() @Type(() => PersonDto)
  formateur?: PersonDto | null;
}

export class PartyScreeningDto {
  @ApiProperty({ description: 'Of de partij haar kandidaat zelf heeft gescreend' }) @IsBoolean()
  done: boolean;

  @ApiPropertyOptional({ example: '2026-03-25', description: 'Wanneer; alleen als done waar is' }) @IsOptional() @IsCalendarDate()
  date?: string;
}

export class NominationDto {
  @ApiProperty({ example: 'Karin de Boer' }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'k.deboer@example.nl' }) @Transform(trim) @IsEmail() @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ enum: ['wethouder', 'gedeputeerde', 'dagelijksBestuurslid', 'eilandgedeputeerde'], description: 'Volgt uit de soort organisatie; als het is opgegeven moet het kloppen' })
  @IsOptional() @IsIn(['wethouder', 'gedeputeerde', 'dagelijksBestuurslid', 'eilandgedeputeerde'])
  office?: string;

  @ApiPropertyOptional({ example: 'Financiën en economie', description: 'De portefeuille, voor zover bekend' }) @IsOptional() @Transform(trim) @IsString() @MaxLength(300)
  portfolio?: string;

  @ApiProperty({ example: 'Partij A', description: 'De voordragende fractie' }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(100)
  fractie: string;

  @ApiPropertyOptional({ type: PersonDto, description: 'De voorzitter van de voordragende fractie: ontvanger, geen gebruiker' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => PersonDto)
  fractievoorzitter?: PersonDto;

  @ApiPropertyOptional({ type: PartyScreeningDto, description: 'Of de partij zelf heeft gescreend (ja/nee en datum; niets van de inhoud)' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => PartyScreeningDto)
  partyScreening?: PartyScreeningDto;
}

export class AddCandidatesDto {
  @ApiProperty({ type: [NominationDto] })
  @IsDefined() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_CANDIDATES_PER_REQUEST) @ValidateNested({ each: true }) @IsObject({ each: true }) @Type(() => NominationDto)
  candidates: NominationDto[];
}

export class FormationView {
  @ApiProperty() id: string;
  @ApiProperty() organisationId: string;
  @ApiProperty() name: string;
  @ApiProperty() electionDate: string;
  @ApiProperty() installationDate: string;
  @ApiProperty({ type: [String] }) coalitionParties: string[];
  @ApiProperty({ type: PersonDto, nullable: true }) formateur: PersonDto | null;
  @ApiProperty({ description: 'Aantal dossiers in de formatie' }) caseCount: number;
  @ApiProperty({ description: 'Aantal lopende dossiers (nog zonder uitkomst)' }) openCaseCount: number;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
}

export class FormationSummaryView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() electionDate: string;
  @ApiProperty() installationDate: string;
  @ApiProperty() caseCount: number;
  @ApiProperty() openCaseCount: number;
  @ApiProperty() version: number;
}

export class NominationView {
  @ApiProperty() caseId: string;
  @ApiProperty({ description: 'Korte kenmerk, bijv. BS-2026-4F3A9C' }) reference: string;
  @ApiProperty() name: string;
  @ApiProperty() office: string;
  @ApiProperty({ nullable: true, type: String }) portfolio: string | null;
  @ApiProperty() fractie: string;
  @ApiProperty({ type: PersonDto, nullable: true }) fractievoorzitter: PersonDto | null;
  @ApiProperty({ nullable: true, type: Boolean }) partyScreeningDone: boolean | null;
  @ApiProperty({ nullable: true, type: String }) partyScreeningDate: string | null;
}

export class InstallationDateMoveView {
  @ApiProperty({ type: [String], description: 'Dossiers waarvan de beoogde benoemingsdatum is verschoven' }) moved: string[];
  @ApiProperty({ type: [String], description: 'Dossiers die al zijn afgesloten en niet zijn verschoven' }) unchanged: string[];
}

export class FormationUpdateView extends FormationView {
  @ApiPropertyOptional({ type: InstallationDateMoveView }) installationDateMove?: InstallationDateMoveView;
}

export class PlanStepView {
  @ApiProperty({ enum: ['vogAanvraag', 'toestemming', 'vragenlijst', 'onderzoek', 'gesprek', 'concept', 'wederhoor', 'eindrapportage', 'advies', 'samenvatting', 'commissie', 'stemming'] }) step: string;
  @ApiProperty({ description: 'De stap in het Nederlands' }) title: string;
  @ApiProperty({ description: 'Uiterlijke datum, terug gerekend vanaf de installatie' }) latest: string;
}

export class CasePlanStepView extends PlanStepView {
  @ApiProperty() done: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Wanneer het gebeurde' }) doneOn: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Voor een open stap: wanneer die op zijn vroegst kan' }) earliest: string | null;
  @ApiProperty({ enum: ['gedaan', 'gedaan_te_laat', 'op_schema', 'schuift'] }) status: string;
}

export class CasePlanView {
  @ApiProperty({ type: [CasePlanStepView] }) steps: CasePlanStepView[];
  @ApiProperty({ nullable: true, description: 'De eerste stap die niet meer past, of null' }) slipping: { step: string; title: string; latest: string; earliest: string } | null;
}

export class CasePlanResponse {
  @ApiProperty() caseId: string;
  @ApiProperty({ nullable: true, type: String }) formationId: string | null;
  @ApiProperty({ description: 'De datum waarvan terug wordt gepland' }) plannedAppointmentDate: string;
  @ApiProperty({ type: CasePlanView, nullable: true, description: 'null voor een afgesloten dossier' }) plan: CasePlanView | null;
}

export class BoardFormationView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() electionDate: string;
  @ApiProperty() installationDate: string;
  @ApiProperty() version: number;
}

export class BoardRowView {
  @ApiProperty() caseId: string;
  @ApiProperty({ description: 'Korte kenmerk, bijv. BS-2026-4F3A9C' }) reference: string;
  @ApiProperty({ nullable: true, type: String, description: 'null na vernietiging' }) name: string | null;
  @ApiProperty() office: string;
  @ApiProperty({ description: 'De functie in het Nederlands' }) officeTitle: string;
  @ApiProperty({ nullable: true, type: String }) portfolio: string | null;
  @ApiProperty({ nullable: true, type: String }) fractie: string | null;
  @ApiProperty() partyScreening: { done: boolean | null; date: string | null };
  @ApiProperty() plannedAppointmentDate: string;
  @ApiProperty() phase: string;
  @ApiProperty({ description: 'De fase in het Nederlands' }) phaseTitle: string;
  @ApiProperty() phaseNumber: number;
  @ApiProperty({ nullable: true, type: String, description: 'Wie nu aan zet is' }) waitingFor: string | null;
  @ApiProperty({ nullable: true }) nextDeadline: { description: string; dueAt: string; overdue: boolean } | null;
  @ApiProperty({ type: [String], description: 'Verstreken termijnen' }) overdue: string[];
  @ApiProperty({ description: 'VOG-lamp: groen (geldig op de datum), oranje (nog niet rond), rood (niet benoembaar zonder nieuwe VOG), grijs (afgesloten)' })
  vog: { light: 'groen' | 'oranje' | 'rood' | 'grijs'; description: string };
  @ApiProperty({ description: 'De benoembaarheidscontrole van de griffier' }) benoembaarheid: { status: 'niet_gecontroleerd' | 'open' | 'voldaan' | 'niet_voldaan'; description: string };
  @ApiProperty() advice: { given: boolean; conclusion: string | null; description: string };
  @ApiProperty({ nullable: true, type: Number, description: 'Afgesproken beheersmaatregelen om te volgen; null vóór het advies' }) openMeasures: number | null;
  @ApiProperty({ nullable: true }) outcome: { code: string; description: string } | null;
  @ApiProperty({ description: '0 nu handelen, 1 binnenkort, 2 loopt, 3 afgesloten; met de redenen' }) attention: { rank: 0 | 1 | 2 | 3; reasons: string[] };
  @ApiProperty({ type: CasePlanView, nullable: true, description: 'Planning naast werkelijkheid; null voor een afgesloten dossier' }) plan: CasePlanView | null;
}

export class BoardView {
  @ApiProperty({ type: BoardFormationView }) formation: BoardFormationView;
  @ApiProperty({ type: [PlanStepView], description: 'De planning terug vanaf de installatiedatum' }) plan: PlanStepView[];
  @ApiProperty({ type: [BoardRowView], description: 'Eén rij per kandidaat, gesorteerd op wat aandacht vraagt' }) rows: BoardRowView[];
}
