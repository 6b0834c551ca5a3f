// /health (the process is alive), /ready (it can do its work) and /metrics (Prometheus text).
// Answers through Nest's HTTP adapter, so the same controller serves Express and Fastify services.
import { Controller, Get, Header, HttpCode, Inject, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Registry } from 'prom-client';
import { Readiness } from './readiness.js';
import { SERVICE_NAME } from './tokens.js';

@Controller()
export class HealthController {
  constructor(
    @Inject(Readiness) private readonly readiness: Readiness,
    @Inject(Registry) private readonly registry: Registry,
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(HttpAdapterHost) private readonly host: HttpAdapterHost,
  ) {}

  @Get('health')
  @HttpCode(200)
  health(): { status: 'ok'; service: string; uptimeSeconds: number } {
    return { status: 'ok', service: this.service, uptimeSeconds: Math.round(process.uptime()) };
  }

  @Get('ready')
  async ready(@Res() response: unknown): Promise<void> {
    const report = await this.readiness.report();
    this.host.httpAdapter.reply(response, { service: this.service, ...report }, report.ready ? 200 : 503);
  }

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async metrics(@Res() response: unknown): Promise<void> {
    const text = await this.registry.metrics();
    this.host.httpAdapter.setHeader(response, 'Content-Type', this.registry.contentType);
    this.host.httpAdapter.reply(response, text, 200);
  }
}
