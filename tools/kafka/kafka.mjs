#!/usr/bin/env node
// Single-node Apache Kafka (KRaft, combined broker+controller) for local runs
// and tests. No Docker and no Kafka download site: the broker jars come from
// Maven Central through tools/kafka/pom.xml and are cached per version.
//
//   import { startKafka } from './tools/kafka/kafka.mjs';
//   const kafka = await startKafka();          // { brokers, stop, pid, ... }
//   ...; await kafka.stop();
//
//   node tools/kafka/kafka.mjs fetch               # only fetch the jars
//   node tools/kafka/kafka.mjs start [--port 9092] # foreground, Ctrl-C stops
//
// Plain Node ESM, node built-ins only.

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Keep in sync with <kafka.version> in pom.xml.
export const KAFKA_VERSION = '4.1.2';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const POM = path.join(HERE, 'pom.xml');
const LOG4J2_CONFIG = path.join(HERE, 'log4j2.properties');
const MARKER = '.fetch-complete';
const DEFAULT_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 15_000;
const DEFAULT_JVM_OPTS = [
  '-Xms256m',
  '-Xmx512m',
  '-XX:+UseSerialGC',
  '-XX:+ExitOnOutOfMemoryError',
  '-Djava.awt.headless=true',
];

function kafkaError(code, message) {
  const err = new Error(message);
  err.code = code;
  return err;
}

export function cacheDir() {
  return (
    process.env.KAFKA_CACHE_DIR || path.join(os.homedir(), '.cache', 'fraud-platform', 'kafka', KAFKA_VERSION)
  );
}

function javaBin() {
  const home = process.env.JAVA_HOME;
  if (home) {
    const candidate = path.join(home, 'bin', process.platform === 'win32' ? 'java.exe' : 'java');
    if (fs.existsSync(candidate)) return candidate;
  }
  return 'java';
}

/** Throws KAFKA_JAVA_MISSING unless a Java 17+ runtime is available. */
export function checkJava() {
  const java = javaBin();
  const res = spawnSync(java, ['-version'], { encoding: 'utf8' });
  const help =
    'Kafka needs a Java 17+ runtime (JDK or JRE) on PATH or in JAVA_HOME ' +
    '(e.g. `apt-get install openjdk-17-jre-headless`).';
  if (res.error || res.status !== 0) {
    throw kafkaError('KAFKA_JAVA_MISSING', `Java not found (${java}): ${help}`);
  }
  const m = /version "(\d+)(?:\.(\d+))?/.exec(`${res.stderr}${res.stdout}`);
  if (m) {
    const major = m[1] === '1' ? Number(m[2]) : Number(m[1]);
    if (major < 17) {
      throw kafkaError('KAFKA_JAVA_MISSING', `Java ${major} found at ${java}; ${help}`);
    }
  }
  return java;
}

/**
 * Makes sure the broker jars are in <cacheDir>/libs. Runs Maven only when the
 * marker file is missing, so warm runs never touch the network.
 * Returns the libs directory.
 */
export async function ensureKafkaJars({ quiet = true } = {}) {
  const dir = cacheDir();
  const libs = path.join(dir, 'libs');
  const marker = path.join(dir, MARKER);
  if (fs.existsSync(marker) && fs.existsSync(libs)) return libs;

  fs.mkdirSync(dir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(dir, 'libs.tmp-'));
  const mvn = process.env.MVN || 'mvn';
  const args = ['-B', '-ntp', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`];
  if (quiet) args.unshift('-q');
  const { code, output, error } = await new Promise((resolve) => {
    let out = '';
    const child = spawn(mvn, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (d) => {
      out += d;
      if (!quiet) process.stderr.write(d);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (e) => resolve({ code: -1, output: out, error: e }));
    child.on('close', (c) => resolve({ code: c, output: out }));
  });
  if (code !== 0) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (error && error.code === 'ENOENT') {
      throw kafkaError(
        'KAFKA_MAVEN_MISSING',
        `Maven (${mvn}) is not on PATH; it is needed once to fetch the Kafka ${KAFKA_VERSION} jars ` +
          `into ${dir} (e.g. \`apt-get install maven\`).`,
      );
    }
    const tail = output.trim().split('\n').slice(-30).join('\n');
    throw kafkaError(
      'KAFKA_FETCH_FAILED',
      `Fetching Kafka ${KAFKA_VERSION} jars with Maven failed (exit ${code}${error ? `, ${error.message}` : ''}).\n` +
        `Command: ${mvn} ${args.join(' ')}\n${tail}`,
    );
  }
  const jars = fs.readdirSync(staging).filter((f) => f.endsWith('.jar'));
  if (!jars.some((f) => f.startsWith(`kafka_2.13-${KAFKA_VERSION}`))) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw kafkaError(
      'KAFKA_FETCH_FAILED',
      `Maven finished but kafka_2.13-${KAFKA_VERSION}.jar is not in ${staging}`,
    );
  }
  // Publish atomically; a concurrent fetch may have won the race.
  fs.rmSync(libs, { recursive: true, force: true });
  try {
    fs.renameSync(staging, libs);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(libs)) throw e;
  }
  fs.writeFileSync(marker, `kafka_2.13 ${KAFKA_VERSION}\n${jars.length} jars\n${new Date().toISOString()}\n`);
  return libs;
}

/** Free TCP ports on 127.0.0.1 (all held open together so they differ). */
export async function freePorts(count) {
  const servers = [];
  try {
    for (let i = 0; i < count; i++) {
      const srv = net.createServer();
      servers.push(srv);
      await new Promise((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(0, '127.0.0.1', resolve);
      });
    }
    return servers.map((s) => s.address().port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(() => r()))));
  }
}

/**
 * 22 base64url characters, what Kafka's Uuid prints, never starting with '-': kafka-storage's
 * argument parser takes `-t -Abc...` for a missing value followed by an option ("argument
 * --cluster-id/-t: expected one argument"), which failed one CI run in 64. Kafka's own
 * Uuid.randomUuid() draws again for the same reason.
 */
export function randomClusterId() {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function existingClusterId(logDirs) {
  const meta = path.join(logDirs, 'meta.properties');
  if (!fs.existsSync(meta)) return undefined; // not formatted yet
  return /^cluster\.id=(.+)$/m.exec(fs.readFileSync(meta, 'utf8'))?.[1]?.trim();
}

function tailFile(file, lines = 30) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log output)';
  }
}

function serverProperties({ port, controllerPort, logDirs }) {
  return [
    '# Generated by tools/kafka/kafka.mjs',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    'controller.listener.names=CONTROLLER',
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${logDirs}`,
    'num.partitions=3',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=5',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=5',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'num.network.threads=2',
    'num.io.threads=4',
    'num.recovery.threads.per.data.dir=1',
    '',
  ].join('\n');
}

function run(cmd, args, logFile) {
  return new Promise((resolve, reject) => {
    const fd = fs.openSync(logFile, 'a');
    const child = spawn(cmd, args, { stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
}

/**
 * ApiVersions v0 over raw TCP. Resolves true when the broker answers with
 * error_code 0, false on anything else (refused, reset, timeout, error).
 */
export function probeApiVersions(port, host = '127.0.0.1', timeoutMs = 2000) {
  return new Promise((resolve) => {
    const clientId = Buffer.from('kafka.mjs-probe');
    const correlationId = 0x4b4d4a53;
    const req = Buffer.alloc(4 + 2 + 2 + 4 + 2 + clientId.length);
    let o = 0;
    o = req.writeInt32BE(req.length - 4, o);
    o = req.writeInt16BE(18, o); // api_key ApiVersions
    o = req.writeInt16BE(0, o); // api_version 0
    o = req.writeInt32BE(correlationId, o);
    o = req.writeInt16BE(clientId.length, o);
    clientId.copy(req, o);

    let buf = Buffer.alloc(0);
    let done = false;
    const sock = net.connect({ port, host });
    const finish = (ok) => {
      if (done) return;
      done = true;
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => finish(false));
    sock.on('error', () => finish(false));
    sock.on('close', () => finish(false));
    sock.on('connect', () => sock.write(req));
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length < 4) return;
      const size = buf.readInt32BE(0);
      if (buf.length < 4 + size) return;
      if (size < 6) return finish(false);
      finish(buf.readInt32BE(4) === correlationId && buf.readInt16BE(8) === 0);
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Resolves when `promise` settles or after `ms`, without leaving a timer behind.
async function raceTimeout(promise, ms) {
  let timer;
  try {
    await Promise.race([promise, new Promise((r) => (timer = setTimeout(r, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starts a single-node KRaft broker on 127.0.0.1.
 * @param {{port?: number, controllerPort?: number, dataDir?: string, logDir?: string, timeoutMs?: number}} [opts]
 * @returns {Promise<{brokers: string, port: number, pid: number, dataDir: string, logDir: string, logFile: string, stop: () => Promise<void>}>}
 */
export async function startKafka(opts = {}) {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const java = checkJava();
  const libs = await ensureKafkaJars();
  const classpath = path.join(libs, '*');

  let { port, controllerPort } = opts;
  if (!port || !controllerPort) {
    const [a, b] = await freePorts(2);
    port = port || a;
    controllerPort = controllerPort || (b === port ? (await freePorts(1))[0] : b);
  }

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-test-'));
  const ownsDataDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? path.join(root, 'data');
  const logDir = opts.logDir ?? path.join(root, 'logs');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, 'kafka.log');
  const propsFile = path.join(root, 'server.properties');
  fs.writeFileSync(
    propsFile,
    serverProperties({ port, controllerPort, logDirs: path.join(dataDir, 'kraft') }),
  );

  const jvmOpts = process.env.KAFKA_JVM_OPTS
    ? process.env.KAFKA_JVM_OPTS.split(/\s+/).filter(Boolean)
    : DEFAULT_JVM_OPTS;
  const baseArgs = [...jvmOpts, `-Dlog4j2.configurationFile=${LOG4J2_CONFIG}`, '-cp', classpath];

  const cleanup = () => {
    if (ownsDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(propsFile, { force: true });
    if (root !== logDir && !fs.readdirSync(root).length) fs.rmSync(root, { recursive: true, force: true });
  };

  // A data folder formatted before (a restart on the same dataDir) keeps its cluster id: the format
  // step refuses a different one, so the broker could not start again on its own data.
  const clusterId = existingClusterId(path.join(dataDir, 'kraft')) ?? randomClusterId();
  const fmtCode = await run(
    java,
    [
      '-Xmx256m',
      '-XX:+UseSerialGC',
      ...baseArgs.filter((a) => !a.startsWith('-X')),
      'kafka.tools.StorageTool',
      'format',
      '-t',
      clusterId,
      '-c',
      propsFile,
      '--ignore-formatted',
    ],
    logFile,
  );
  if (fmtCode !== 0) {
    cleanup();
    throw kafkaError(
      'KAFKA_FORMAT_FAILED',
      `kafka-storage format failed (exit ${fmtCode}); log ${logFile}:\n${tailFile(logFile)}`,
    );
  }

  const fd = fs.openSync(logFile, 'a');
  const child = spawn(java, [...baseArgs, 'kafka.Kafka', propsFile], {
    stdio: ['ignore', fd, fd],
    detached: true, // own process group: stop() signals the whole group
  });
  fs.closeSync(fd);
  child.unref();

  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
    child.once('error', (e) => {
      exited = { code: -1, signal: null, error: e };
      resolve();
    });
  });
  const killGroup = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      try {
        child.kill(sig);
      } catch {
        /* gone */
      }
    }
  };
  // Never leave an orphan broker behind if the parent exits without stop():
  // an 'exit' hook covers normal exits, and a tiny detached shell watchdog
  // covers the parent dying from a signal (Ctrl-C, SIGKILL, CI timeout).
  const watchdog = spawn(
    '/bin/sh',
    [
      '-c',
      'alive() { kill -0 "$1" 2>/dev/null; }; while alive "$1" && alive "$2"; do sleep 1; done; ' +
        'if alive "$2"; then kill -TERM -"$2" 2>/dev/null; i=0; ' +
        'while alive "$2" && [ $i -lt 15 ]; do sleep 1; i=$((i+1)); done; kill -KILL -"$2" 2>/dev/null; fi; ' +
        '[ -n "$3" ] && rm -rf "$3"; exit 0',
      'kafka-watchdog',
      String(process.pid),
      String(child.pid),
      ownsDataDir ? dataDir : '',
    ],
    { stdio: 'ignore', detached: true },
  );
  watchdog.on('error', () => {});
  watchdog.unref();
  const killWatchdog = () => {
    try {
      process.kill(watchdog.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  };
  const onExit = () => {
    if (!exited) killGroup('SIGKILL');
    killWatchdog();
  };
  process.on('exit', onExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      killGroup('SIGTERM');
      await raceTimeout(exitPromise, STOP_GRACE_MS);
      if (!exited) {
        killGroup('SIGKILL');
        await raceTimeout(exitPromise, 5000);
      }
    }
    process.removeListener('exit', onExit);
    killWatchdog();
    cleanup();
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      process.removeListener('exit', onExit);
      killWatchdog();
      cleanup();
      throw kafkaError(
        'KAFKA_START_FAILED',
        `Kafka broker exited during startup (code ${exited.code}, signal ${exited.signal}); ` +
          `log ${logFile}:\n${tailFile(logFile)}`,
      );
    }
    if (await probeApiVersions(port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw kafkaError(
        'KAFKA_START_TIMEOUT',
        `Kafka broker did not answer on 127.0.0.1:${port} within ${timeoutMs} ms; ` +
          `log ${logFile}:\n${tailFile(logFile)}`,
      );
    }
    await sleep(250);
  }

  return {
    brokers: `127.0.0.1:${port}`,
    port,
    controllerPort,
    pid: child.pid,
    clusterId,
    dataDir,
    logDir,
    logFile,
    stop,
  };
}

// ---------------------------------------------------------------- CLI
function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) continue;
    const val = m[2] ?? argv[++i];
    if (m[1] === 'port') out.port = Number(val);
    else if (m[1] === 'controller-port') out.controllerPort = Number(val);
    else if (m[1] === 'data-dir') out.dataDir = val;
    else if (m[1] === 'log-dir') out.logDir = val;
    else if (m[1] === 'timeout-ms') out.timeoutMs = Number(val);
  }
  return out;
}

async function main(argv) {
  const [cmd, ...rest] = argv;
  if (cmd === 'fetch') {
    const t0 = Date.now();
    const libs = await ensureKafkaJars({ quiet: false });
    console.log(`Kafka ${KAFKA_VERSION} jars in ${libs} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    return;
  }
  if (cmd === 'start') {
    const kafka = await startKafka(parseArgs(rest));
    console.log(`KAFKA_BROKERS=${kafka.brokers}`);
    console.error(`Kafka ${KAFKA_VERSION} pid ${kafka.pid}, log ${kafka.logFile}; Ctrl-C to stop`);
    let stopping = false;
    const shutdown = async () => {
      if (stopping) return;
      stopping = true;
      await kafka.stop();
      process.exit(0);
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
    setInterval(() => {}, 1 << 30); // stay alive
    return;
  }
  console.error(
    'usage: node tools/kafka/kafka.mjs fetch | start [--port N] [--data-dir D] [--log-dir D] [--timeout-ms N]',
  );
  process.exitCode = 2;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(err.code ? `${err.code}: ${err.message}` : err);
    process.exit(1);
  });
}
