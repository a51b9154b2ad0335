import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { CHECK_STATUSES, CheckStatus, REQUIREMENT_CODES } from './benoembaarheid';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RecordCheckDto {
  @ApiProperty({ enum: CHECK_STATUSES, description: 'voldaan, open of niet_voldaan' }) @IsIn(CHECK_STATUSES)
  status: CheckStatus;

  @ApiPropertyOptional({ example: 'Uittreksel BRP gezien; ingezetene sinds 2012.', description: 'Korte notitie van de griffier' })
  @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(1000)
  note?: string;
}

export class RequirementCheckView {
  @ApiProperty({ enum: REQUIREMENT_CODES }) code: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: 'Gemeentewet art. 36b (te bevestigen)' }) legalReference: string;
  @ApiProperty({ enum: ['griffier', 'vog'], description: 'vog: volgt uit het VOG-spoor' }) source: 'griffier' | 'vog';
  @ApiProperty({ enum: CHECK_STATUSES }) status: CheckStatus;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Wie het controleerde' }) checkedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) checkedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Wat de kandidaat hierover verklaarde (alleen antwoorden die voor de griffier zijn gemarkeerd)' }) declared: string | null;
}

export class BenoembaarheidView {
  @ApiProperty() caseId: string;
  @ApiProperty() reference: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty() officeTitle: string;
  @ApiProperty() plannedAppointmentDate: string;
  @ApiProperty() closed: boolean;
  @ApiProperty({ description: 'De VOG-status; niets van een weigeringstraject behalve de uitkomst' })
  vog: { state: string; description: string; issueDate: string | null; status: CheckStatus; legalReference: string };
  @ApiProperty({ description: 'Alleen of de risicoanalyse is afgerond (het advies gegeven); niets van de inhoud' }) riskAnalysisDone: boolean;
  @ApiProperty({ type: [RequirementCheckView] }) requirements: RequirementCheckView[];
  @ApiProperty({ enum: CHECK_STATUSES }) status: CheckStatus;
}

export class FormationBenoembaarheidView {
  @ApiProperty() formation: { id: string; name: string; installationDate: string };
  @ApiProperty({ type: [BenoembaarheidView] }) candidates: BenoembaarheidView[];
}
