import { Controller, Get, HttpStatus, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { Public } from '../access/decorators';
import { AppError } from '../common/app-error';
import { Database } from '../database/database.module';

const DATABASE_PING_TIMEOUT_MS = 2000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    private readonly database: Database,
  ) {}

  /** Readiness: the process is up and the database answers. 503 otherwise. */
  @Get()
  @Public()
  @HealthCheck()
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.pingDatabase()]);
    } catch (error) {
      // Terminus throws a bare 503 whose body the error filter would drop: answer in the standard
      // error shape, with the indicators' state as details.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      throw new AppError(
        HttpStatus.SERVICE_UNAVAILABLE,
        'SERVICE_UNAVAILABLE',
        'De dienst is tijdelijk niet beschikbaar; probeer het later opnieuw.',
        result.details,
        { 'Retry-After': '5' },
      );
    }
  }

  /** Liveness: the process answers, whatever the database does. */
  @Get('live')
  @Public()
  live() {
    return { status: 'ok' };
  }

  private async pingDatabase() {
    const indicator = this.indicators.check('database');
    const engine = this.database.isEmbedded ? 'embedded (PGlite)' : 'postgresql';
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), DATABASE_PING_TIMEOUT_MS);
        }),
      ]);
      return indicator.up({ engine });
    } catch {
      return indicator.down({ engine, message: 'Database niet bereikbaar' });
    } finally {
      clearTimeout(timer);
    }
  }
}
