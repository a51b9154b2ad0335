import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { Public } from '../access/decorators';
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
  ready() {
    return this.health.check([() => this.pingDatabase()]);
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
