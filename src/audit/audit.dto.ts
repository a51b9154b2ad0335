import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export class AuditEntriesQuery {
  @ApiPropertyOptional({ description: 'Case id' }) @IsOptional() @IsUUID() case?: string;
  @ApiPropertyOptional({ example: 'user:…' }) @IsOptional() @IsString() @MaxLength(100) @Matches(/^[a-z]+:[\w:.-]+$/) actor?: string;
  @ApiPropertyOptional({ description: 'Prefix of the action, e.g. case.event' }) @IsOptional() @IsString() @MaxLength(100) @Matches(/^[\w.]+$/) action?: string;
  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z' }) @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z' }) @IsOptional() @IsISO8601() to?: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'] }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}
