// /health (the process is alive), /ready (it can do its work) and /metrics (Prometheus text).
import { Controller, Get, Header, HttpCode, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Registry } from 'prom-client';
import { Readiness } from './readiness.js';
import { SERVICE_NAME } from './tokens.js';

@Controller()
export class HealthController {
  constructor(
    @Inject(Readiness) private readonly readiness: Readiness,
    @Inject(Registry) private readonly registry: Registry,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  @Get('health')
  @HttpCode(200)
  health(): { status: 'ok'; service: string; uptimeSeconds: number } {
    return { status: 'ok', service: this.service, uptimeSeconds: Math.round(process.uptime()) };
  }

  @Get('ready')
  async ready(@Res() response: Response): Promise<void> {
    const report = await this.readiness.report();
    response.status(report.ready ? 200 : 503).json({ service: this.service, ...report });
  }

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async metrics(@Res() response: Response): Promise<void> {
    response.setHeader('Content-Type', this.registry.contentType);
    response.send(await this.registry.metrics());
  }
}
