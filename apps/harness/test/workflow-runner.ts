/**
 * Runs a GitHub Actions workflow on this machine, as far as one machine can:
 * every job in order of its `needs`, every matrix instance whose runner is
 * this machine, every `run:` step in bash with the environment GitHub gives
 * it (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, the workflow's, job's and step's
 * `env`), `${{ }}` expressions and `if:` conditions evaluated, and the
 * `uses:` steps done here: checkout is a clone of the repository, upload and
 * download of artifacts copy folders, the baseline download copies from the
 * artifacts of an earlier run. An action it does not know fails the step, so
 * a workflow cannot grow a step this runner silently skips.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

type Value = unknown;
type Context = Record<string, Value>;

export interface WorkflowEvent {
  readonly name: string;
  readonly ref: string;
  readonly inputs?: Readonly<Record<string, string>>;
}

export interface RunWorkflowOptions {
  readonly workflow: string;
  /** The repository `actions/checkout` clones (its HEAD). */
  readonly repo: string;
  readonly event: WorkflowEvent;
  /** A folder for the jobs' work trees. */
  readonly workRoot: string;
  /** This run's artifacts, one folder each. */
  readonly artifacts: string;
  /** The artifacts of the last successful run on main, for the baseline download. */
  readonly lastMainRun?: string;
  /** The jobs to run (default: all); a job left out counts as skipped. */
  readonly only?: readonly string[];
  /** Jobs not run here, with the reason. */
  readonly skip?: Readonly<Record<string, string>>;
  /** Outputs of jobs not run here, as `needs.<job>.outputs` (with only). */
  readonly outputs?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Whether a job with this `runs-on` and `container` runs on this machine. */
  readonly runsHere: (runsOn: string, container: string | undefined) => boolean;
  /** Which of a job's matrix instances to run (default: all that run here). */
  readonly select?: (job: string, instances: readonly Context[]) => readonly Context[];
  /** Added to every step's environment (e.g. shared caches). */
  readonly env?: Readonly<Record<string, string>>;
}

export type Status = 'success' | 'failure' | 'skipped';

export interface StepRecord {
  readonly name: string;
  readonly status: Status;
  /** The end of what the step printed, for failures. */
  readonly log: string;
}

export interface JobRecord {
  readonly job: string;
  readonly name: string;
  readonly matrix?: Context;
  readonly status: Status;
  readonly reason?: string;
  readonly steps: readonly StepRecord[];
  /** What the job wrote to GITHUB_STEP_SUMMARY. */
  readonly summary: string;
  readonly workdir?: string;
}

interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, Value>;
  readonly env?: Record<string, Value>;
}

interface Job {
  readonly name?: string;
  readonly needs?: string | string[];
  readonly if?: string;
  readonly 'runs-on': string;
  readonly container?: string;
  readonly 'timeout-minutes'?: number;
  readonly strategy?: { matrix: Value };
  readonly outputs?: Record<string, string>;
  readonly env?: Record<string, Value>;
  readonly steps: Step[];
}

/** Runs `options.workflow`; returns every job instance with its steps. */
export function runWorkflow(options: RunWorkflowOptions): JobRecord[] {
  const workflow = parse(readFileSync(options.workflow, 'utf8')) as { env?: Record<string, Value>; jobs: Record<string, Job> };
  const records: JobRecord[] = [];
  const needs: Record<string, { result: Status; outputs: Record<string, string> }> = {};
  for (const [id, outputs] of Object.entries(options.outputs ?? {})) needs[id] = { result: 'success', outputs: { ...outputs } };
  const github = { event_name: options.event.name, ref: options.event.ref, token: 'local-token', workspace: '' };
  for (const id of inOrder(workflow.jobs)) {
    if (needs[id]) continue;
    const job = workflow.jobs[id]!;
    const needed = [job.needs ?? []].flat();
    const base: Context = { github, inputs: options.event.inputs ?? {}, needs: pick(needs, needed), env: workflow.env ?? {} };
    const skip = (reason: string) => {
      records.push({ job: id, name: id, status: 'skipped', reason, steps: [], summary: '' });
      needs[id] = { result: 'skipped', outputs: {} };
    };
    if (options.only && !options.only.includes(id)) {
      skip('not run in this pass');
      continue;
    }
    if (options.skip?.[id]) {
      skip(options.skip[id]!);
      continue;
    }
    const allNeedsPassed = needed.every((n) => needs[n]?.result === 'success');
    if (!truthy(evaluate(job.if ?? 'success()', base, { success: () => allNeedsPassed, failure: () => !allNeedsPassed }))) {
      skip(`if: ${job.if ?? 'success()'} is false`);
      continue;
    }
    const instances = matrixOf(job, base);
    const here = instances.filter((matrix) => options.runsHere(String(interpolate(job['runs-on'], { ...base, matrix })), job.container));
    const chosen = options.select ? options.select(id, here) : here;
    for (const matrix of instances.filter((m) => !chosen.includes(m))) {
      records.push({ job: id, name: jobName(id, job, { ...base, matrix }), matrix, status: 'skipped', reason: here.includes(matrix) ? 'not selected' : 'its runner is not this machine', steps: [], summary: '' });
    }
    const results = chosen.map((matrix, index) => runJob(id, job, { ...base, ...(matrix && { matrix }) }, index, options));
    records.push(...results);
    const ran = results.filter((r) => r.status !== 'skipped');
    needs[id] = {
      result: ran.length === 0 ? 'skipped' : ran.some((r) => r.status === 'failure') ? 'failure' : 'success',
      // A matrix job's outputs are its last instance's, as on GitHub.
      outputs: (results.at(-1) as JobRecord & { outputs?: Record<string, string> } | undefined)?.outputs ?? {},
    };
  }
  return records;
}

function runJob(id: string, job: Job, context: Context, index: number, options: RunWorkflowOptions): JobRecord & { outputs: Record<string, string> } {
  const workdir = join(options.workRoot, `${id}-${index}`);
  mkdirSync(workdir, { recursive: true });
  const summaryFile = join(workdir, '..', `${id}-${index}.summary.md`);
  writeFileSync(summaryFile, '');
  const stepsContext: Record<string, { outputs: Record<string, string>; outcome: Status }> = {};
  const steps: StepRecord[] = [];
  let failed = false;
  const jobEnv = { ...(context.env as Record<string, Value>), ...evaluateAll(job.env ?? {}, context) };
  for (const [n, step] of job.steps.entries()) {
    const stepContext: Context = { ...context, env: jobEnv, steps: stepsContext };
    const name = String(interpolate(step.name ?? step.uses ?? step.run?.split('\n')[0] ?? `step ${n}`, stepContext));
    const run = truthy(evaluate(step.if ?? 'success()', stepContext, { success: () => !failed, failure: () => failed }));
    if (!run) {
      steps.push({ name, status: 'skipped', log: '' });
      continue;
    }
    const outputFile = join(workdir, '..', `${id}-${index}-${n}.output`);
    writeFileSync(outputFile, '');
    const env: Record<string, string> = {
      ...stringEnv(process.env),
      ...stringEnv(jobEnv),
      ...stringEnv(evaluateAll(step.env ?? {}, stepContext)),
      ...options.env,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: options.event.name,
      GITHUB_REF: options.event.ref,
      GITHUB_WORKSPACE: workdir,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: join(workdir, '..'),
    };
    const timeout = (job['timeout-minutes'] ?? 360) * 60_000;
    const result = step.uses
      ? useAction(step.uses, evaluateAll(step.with ?? {}, stepContext), workdir, options)
      : runScript(String(interpolate(step.run ?? '', stepContext)), workdir, env, timeout);
    const outputs = parseOutputs(readFileSync(outputFile, 'utf8'));
    if (step.id) stepsContext[step.id] = { outputs, outcome: result.status };
    steps.push({ name, ...result });
    if (result.status === 'failure') failed = true;
  }
  const outputs = Object.fromEntries(Object.entries(job.outputs ?? {}).map(([k, v]) => [k, String(interpolate(v, { ...context, steps: stepsContext }))]));
  return {
    job: id,
    name: jobName(id, job, context),
    ...(context.matrix !== undefined && { matrix: context.matrix as Context }),
    status: failed ? 'failure' : 'success',
    steps,
    summary: readFileSync(summaryFile, 'utf8'),
    workdir,
    outputs,
  };
}

function runScript(script: string, cwd: string, env: Record<string, string>, timeout: number): { status: Status; log: string } {
  // GitHub's `shell: bash` on Linux.
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env, encoding: 'utf8', timeout, maxBuffer: 64 * 2 ** 20 });
  const log = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`.slice(-4000);
  return { status: result.status === 0 ? 'success' : 'failure', log };
}

/** The `uses:` steps, done here. */
function useAction(uses: string, inputs: Record<string, Value>, workdir: string, options: RunWorkflowOptions): { status: Status; log: string } {
  const action = uses.replace(/@.*$/, '');
  const fail = (log: string) => ({ status: 'failure' as const, log });
  const ok = (log = '') => ({ status: 'success' as const, log });
  switch (action) {
    case 'actions/checkout': {
      const clone = spawnSync('git', ['clone', '--quiet', options.repo, workdir], { encoding: 'utf8' });
      return clone.status === 0 ? ok() : fail(clone.stderr);
    }
    case 'actions/setup-node':
      return ok(`node ${process.version} (this machine's)`);
    case 'actions/upload-artifact': {
      const name = String(inputs.name);
      const from = join(workdir, String(inputs.path));
      const to = join(options.artifacts, name);
      if (existsSync(to)) return fail(`an artifact named ${name} exists already`);
      if (!existsSync(from) || (statSync(from).isDirectory() && readdirSync(from).length === 0)) {
        return inputs['if-no-files-found'] === 'error' ? fail(`no files at ${inputs.path}`) : ok(`no files at ${inputs.path}: nothing uploaded`);
      }
      cpSync(from, statSync(from).isDirectory() ? to : join(to, String(inputs.path).split('/').at(-1)!), { recursive: true });
      return ok();
    }
    case 'actions/download-artifact': {
      const into = join(workdir, String(inputs.path ?? '.'));
      const stored = existsSync(options.artifacts) ? readdirSync(options.artifacts) : [];
      if (inputs.name) {
        if (!stored.includes(String(inputs.name))) return fail(`no artifact named ${inputs.name}`);
        cpSync(join(options.artifacts, String(inputs.name)), into, { recursive: true });
        return ok();
      }
      const pattern = new RegExp(`^${String(inputs.pattern ?? '*').split('*').map(escapeRegExp).join('.*')}$`);
      for (const name of stored.filter((n) => pattern.test(n))) {
        cpSync(join(options.artifacts, name), inputs['merge-multiple'] === true ? into : join(into, name), { recursive: true });
      }
      return ok();
    }
    case 'dawidd6/action-download-artifact': {
      const from = options.lastMainRun && join(options.lastMainRun, String(inputs.name));
      if (!from || !existsSync(from)) {
        const missing = `no artifact ${inputs.name} in the last run on ${inputs.branch}`;
        return inputs.if_no_artifact_found === 'warn' || inputs.if_no_artifact_found === 'ignore' ? ok(missing) : fail(missing);
      }
      cpSync(from, join(workdir, String(inputs.path ?? '.')), { recursive: true });
      return ok();
    }
    default:
      return fail(`the local runner does not know the action ${uses}`);
  }
}

/** The jobs in an order that respects `needs`, else as written. */
function inOrder(jobs: Record<string, Job>): string[] {
  const order: string[] = [];
  const visit = (id: string) => {
    if (order.includes(id)) return;
    for (const need of [jobs[id]!.needs ?? []].flat()) visit(need);
    order.push(id);
  };
  Object.keys(jobs).forEach(visit);
  return order;
}

/** The instances of a job's matrix: its `include` list, or the product of its lists plus `include`. */
function matrixOf(job: Job, context: Context): (Context | undefined)[] {
  const spec = job.strategy?.matrix;
  if (spec === undefined) return [undefined];
  const matrix = (typeof spec === 'string' ? interpolate(spec, context) : spec) as Record<string, Value>;
  const { include = [], exclude: _exclude, ...lists } = matrix as { include?: Context[]; exclude?: unknown } & Record<string, Value[]>;
  let product: Context[] = Object.keys(lists).length > 0 ? [{}] : [];
  for (const [key, values] of Object.entries(lists)) product = product.flatMap((p) => (values as Value[]).map((v) => ({ ...p, [key]: v })));
  return [...product, ...(include as Context[])];
}

function jobName(id: string, job: Job, context: Context): string {
  return String(interpolate(job.name ?? id, context));
}

function pick<T>(record: Record<string, T>, keys: readonly string[]): Record<string, T> {
  return Object.fromEntries(keys.filter((k) => k in record).map((k) => [k, record[k]!]));
}

function evaluateAll(values: Record<string, Value>, context: Context): Record<string, Value> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? interpolate(v, context) : v]));
}

function stringEnv(values: Record<string, Value>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
}

function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([\w-]+)<<(.+)$/.exec(lines[i]!);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const eq = lines[i]!.indexOf('=');
    if (eq > 0) outputs[lines[i]!.slice(0, eq)] = lines[i]!.slice(eq + 1);
  }
  return outputs;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A string with `${{ expr }}` parts replaced; a string that is one expression keeps the expression's value. */
export function interpolate(text: string, context: Context): Value {
  const whole = /^\s*\$\{\{([\s\S]*?)\}\}\s*$/.exec(text);
  if (whole && !whole[1]!.includes('}}')) return evaluate(whole[1]!, context);
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expr: string) => {
    const value = evaluate(expr, context);
    return value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}

function truthy(value: Value): boolean {
  return value !== false && value !== 0 && value !== '' && value !== null && value !== undefined;
}

/**
 * GitHub's expression language, the part workflows here use: literals,
 * property paths (`needs.plan.outputs.has-macos`), `!`, `==`, `!=`, `&&`,
 * `||`, parentheses, and the functions always, success, failure, cancelled,
 * fromJSON, toJSON, contains, startsWith, endsWith. An `if:` may omit `${{ }}`.
 */
export function evaluate(source: string, context: Context, status: { success?: () => boolean; failure?: () => boolean } = {}): Value {
  const text = source.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const tokens = [...text.matchAll(/\s*('(?:[^']|'')*'|\d+(?:\.\d+)?|==|!=|&&|\|\||[!().,[\]]|[A-Za-z_][\w-]*)/gy)].map((m) => m[1]!);
  if (tokens.join('').replace(/\s/g, '') !== text.replace(/\s/g, '')) {
    throw new Error(`Cannot read the expression ${source}`);
  }
  let at = 0;
  const peek = () => tokens[at];
  const next = () => tokens[at++];
  const expect = (token: string) => {
    if (next() !== token) throw new Error(`Expected ${token} in ${source}`);
  };
  const functions: Record<string, (...args: Value[]) => Value> = {
    always: () => true,
    cancelled: () => false,
    success: () => status.success?.() ?? true,
    failure: () => status.failure?.() ?? false,
    fromJSON: (s) => JSON.parse(String(s)),
    toJSON: (v) => JSON.stringify(v),
    contains: (hay, needle) => (Array.isArray(hay) ? hay.includes(needle) : String(hay).toLowerCase().includes(String(needle).toLowerCase())),
    startsWith: (s, p) => String(s).toLowerCase().startsWith(String(p).toLowerCase()),
    endsWith: (s, p) => String(s).toLowerCase().endsWith(String(p).toLowerCase()),
  };
  const equal = (a: Value, b: Value) => (typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b);
  const primary = (): Value => {
    const token = next();
    if (token === undefined) throw new Error(`Unexpected end of ${source}`);
    if (token === '(') {
      const value = or();
      expect(')');
      return value;
    }
    if (token === '!') return !truthy(primary());
    if (token.startsWith("'")) return token.slice(1, -1).replaceAll("''", "'");
    if (/^\d/.test(token)) return Number(token);
    if (token === 'true' || token === 'false') return token === 'true';
    if (token === 'null') return null;
    if (peek() === '(') {
      next();
      const args: Value[] = [];
      while (peek() !== ')') {
        args.push(or());
        if (peek() === ',') next();
      }
      expect(')');
      const fn = functions[token];
      if (!fn) throw new Error(`Unknown function ${token} in ${source}`);
      return fn(...args);
    }
    let value: Value = context[token];
    while (peek() === '.' || peek() === '[') {
      if (next() === '.') value = (value as Context | undefined)?.[next()!];
      else {
        const key = or();
        expect(']');
        value = (value as Context | undefined)?.[String(key)];
      }
    }
    return value;
  };
  const comparison = (): Value => {
    const left = primary();
    if (peek() === '==' || peek() === '!=') {
      const op = next();
      const right = primary();
      return op === '==' ? equal(left, right) : !equal(left, right);
    }
    return left;
  };
  const and = (): Value => {
    let value = comparison();
    while (peek() === '&&') {
      next();
      const right = comparison();
      value = truthy(value) ? right : value;
    }
    return value;
  };
  const or = (): Value => {
    let value = and();
    while (peek() === '||') {
      next();
      const right = and();
      value = truthy(value) ? value : right;
    }
    return value;
  };
  const value = or();
  if (at !== tokens.length) throw new Error(`Cannot read past ${tokens[at]} in ${source}`);
  return value;
}
