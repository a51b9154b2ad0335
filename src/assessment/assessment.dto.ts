import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDefined, IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { CONCLUSIONS, Conclusion } from '../../workflows/basisscan-2.machine';
import { IMPACTS, Impact, LIKELIHOODS, Likelihood } from '../../workflows/risk';
import { IsCalendarDate } from '../cases/event-payloads';

export const SOURCE_KINDS = ['kvk_handelsregister', 'kadaster', 'centraal_insolventieregister', 'nieuwsarchief', 'sociale_media', 'internet', 'overig'] as const;
export const THEMES = [
  'beoogde_functie', 'nevenfuncties', 'financiele_belangen', 'financiele_positie', 'fiscale_zaken', 'antecedenten',
  'relaties', 'eerdere_kwesties', 'publieke_uitingen', 'kwetsbaarheid', 'overig',
] as const;

export class SourceDto {
  @ApiProperty({ enum: SOURCE_KINDS }) @IsIn(SOURCE_KINDS) kind: (typeof SOURCE_KINDS)[number];
  @ApiProperty({ example: '2026-11-20' }) @IsCalendarDate() consultedOn: string;
  @ApiProperty({ description: 'What was searched for' }) @IsString() @MinLength(1) @MaxLength(1000) query: string;
  @ApiProperty({ description: 'What was found (empty when nothing)' }) @IsString() @MaxLength(4000) found: string;
  @ApiProperty() @IsBoolean() isFinding: boolean;
}

export class InterviewSummaryDto {
  @ApiProperty({ enum: THEMES }) @IsIn(THEMES) theme: (typeof THEMES)[number];
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(4000) summary: string;
}

export class InterviewDto {
  @ApiProperty({ example: '2026-11-21' }) @IsCalendarDate() heldOn: string;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10) @IsString({ each: true }) @MaxLength(200, { each: true }) participants: string[];
  @ApiProperty({ type: [InterviewSummaryDto] }) @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => InterviewSummaryDto) summaries: InterviewSummaryDto[];
}

export class MeasureDto {
  @ApiProperty({ example: 'Beëindigen van de nevenfunctie vóór de benoeming' }) @IsString() @MinLength(1) @MaxLength(1000) measure: string;
  @ApiProperty({ example: 'kandidaat' }) @IsString() @MinLength(1) @MaxLength(200) who: string;
  @ApiProperty({ example: '2026-12-31' }) @IsCalendarDate() byWhen: string;
}

export class FactsDto {
  @ApiPropertyOptional({ type: [String], description: 'Question ids of the questionnaire' }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(100, { each: true }) answers?: string[];
  @ApiPropertyOptional({ type: [String], description: 'Ids of research sources' }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsUUID('all', { each: true }) sources?: string[];
}

export class RiskDto {
  @ApiProperty({ enum: THEMES }) @IsIn(THEMES) theme: (typeof THEMES)[number];
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(4000) description: string;
  @ApiProperty({ enum: LIKELIHOODS }) @IsIn(LIKELIHOODS) likelihood: Likelihood;
  @ApiProperty({ enum: IMPACTS }) @IsIn(IMPACTS) impact: Impact;
  // IsObject: ValidateNested alone accepts a list of facts objects, checking each one.
  @ApiProperty({ type: FactsDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => FactsDto) facts: FactsDto;
  @ApiProperty({ type: [MeasureDto] }) @IsArray() @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => MeasureDto) measures: MeasureDto[];
}

export class ConclusionDto {
  @ApiProperty({ enum: CONCLUSIONS }) @IsIn(CONCLUSIONS) conclusion: Conclusion;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(8000) explanation: string;
}

export class WederhoorResponseDto {
  @ApiProperty({ description: "The candidate's response, kept verbatim" }) @IsString() @MinLength(1) @MaxLength(20000) response: string;
}
