import { ApiPropertyOptional } from '@nestjs/swagger';
import { isIsoDate } from '../../workflows/dates';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';

/** PostgreSQL's timestamptz takes UTC offsets up to ±15:59; real ones go to +14:00. */
const OFFSET_HOURS = /[+-](\d{2}):?\d{2}$|[+-](\d{2})$/;

/** A real instant: ISO 8601 whose calendar date exists (no 30 February), which PostgreSQL accepts. */
@ValidatorConstraint({ name: 'isISO8601' })
class RealInstant implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || !isIsoDate(value.slice(0, 10)) || Number.isNaN(Date.parse(value))) return false;
    const offset = OFFSET_HOURS.exec(value.slice(10));
    return !offset || Number(offset[1] ?? offset[2]) <= 15;
  }
}

export class AuditEntriesQuery {
  @ApiPropertyOptional({ description: 'Case id' }) @IsOptional() @IsUUID() case?: string;
  @ApiPropertyOptional({ example: 'user:…' }) @IsOptional() @IsString() @MaxLength(100) @Matches(/^[a-z]+:[\w:.-]+$/) actor?: string;
  @ApiPropertyOptional({ description: 'Prefix of the action, e.g. case.event' }) @IsOptional() @IsString() @MaxLength(100) @Matches(/^[\w.]+$/) action?: string;
  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z' }) @IsOptional() @IsISO8601({ strict: true }) @Validate(RealInstant) from?: string;
  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z' }) @IsOptional() @IsISO8601({ strict: true }) @Validate(RealInstant) to?: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'] }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}
