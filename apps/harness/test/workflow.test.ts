/**
 * The CI workflow cannot run on GitHub from here, so it is validated against
 * GitHub's workflow schema with action-validator, checked for the shape
 * racelab needs, and run here end to end by workflow-runner.ts: every job in
 * order, each in a clean clone of this repository's HEAD, its `run:` steps in
 * bash and its `uses:` steps done by the runner (checkout = the clone,
 * artifacts = folders).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type JobRecord, type RunWorkflowOptions, evaluate, runWorkflow } from './workflow-runner.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const workflow = join(repo, '.github/workflows/racelab.yml');
// The package has no exports map: its binary is found through its package.json.
const validator = join(dirname(createRequire(import.meta.url).resolve('@action-validator/cli/package.json')), 'cli.mjs');

function validate(file: string) {
  return spawnSync(process.execPath, [validator, file], { encoding: 'utf8' });
}

describe('.github/workflows/racelab.yml', () => {
  // The local run below leaves the `test` job out: it runs the vitest suite,
  // this test included. Its steps are .ci/run's, which runs on every submission.
  it("has a test job that runs exactly what .ci/run runs, so CI runs it end to end", () => {
    const jobs = (parse(readFileSync(workflow, 'utf8')) as { jobs: Record<string, { steps: { run?: string }[] }> }).jobs;
    const commands = jobs.test!.steps.flatMap((step) => (step.run ? [step.run.trim()] : []));
    const ciRun = readFileSync(join(repo, '.ci/run'), 'utf8').split('\n').filter((line) => line.startsWith('npx '));
    expect(commands.join(' && ')).toBe(ciRun.join('\n'));
  });

  it('is a valid GitHub Actions workflow', () => {
    const result = validate(workflow);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('the validator rejects a broken workflow (so the check above means something)', () => {
    const broken = join(tmpdir(), `racelab-broken-${process.pid}.yml`);
    writeFileSync(broken, readFileSync(workflow, 'utf8').replace('runs-on: ubuntu-24.04', 'runz-on: ubuntu-24.04'));
    expect(validate(broken).status).not.toBe(0);
  });

  it('plans runtime × version × machine from one file, merges the shards, and gates on the baseline', () => {
    const text = readFileSync(workflow, 'utf8');
    expect(text).toContain('node scripts/ci-matrix.mjs .github/racelab-matrix.json >> "$GITHUB_OUTPUT"');
    expect(text).toContain('matrix: ${{ fromJSON(needs.plan.outputs.linux) }}');
    expect(text).toContain('run --runtime ${{ matrix.runtime }}');
    expect(text).toMatch(/merge shards\/\*[\s\S]*--markdown report\/racelab\.md --html report\/racelab\.html/);
    expect(text).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(text).toContain('compare baseline report/documents --threshold "$RACELAB_GATE_THRESHOLD"');
    const matrix = JSON.parse(readFileSync(join(repo, '.github/racelab-matrix.json'), 'utf8'));
    expect(Object.keys(matrix.versions)).toEqual(['node', 'deno', 'bun']);
    expect(Object.keys(matrix.machines)).toEqual(['linux-x64', 'linux-arm64', 'darwin-arm64']);
  });
});

describe('the expressions of the local runner', () => {
  const context = { matrix: { runtime: 'chromium', 'runs-on': 'ubuntu-24.04' }, github: { ref: 'refs/heads/main', event_name: 'push' }, needs: { plan: { outputs: { 'has-macos': 'true', list: '{"include":[1]}' } } } };

  it('reads what the workflow writes', () => {
    expect(evaluate("matrix.runtime == 'chromium'", context)).toBe(true);
    expect(evaluate("github.ref == 'refs/heads/main' && github.event_name != 'pull_request'", context)).toBe(true);
    expect(evaluate("needs.plan.outputs.has-macos == 'true'", context)).toBe(true);
    expect(evaluate('fromJSON(needs.plan.outputs.list)', context)).toEqual({ include: [1] });
    expect(evaluate('!(always() || false)', context)).toBe(false);
    expect(() => evaluate('matrix.runtime ~ 1', context)).toThrow(/Cannot read the expression/);
  });
});

/**
 * One pass as a dispatch on main (the whole workflow, with a small suite),
 * then the merge job again as a pull request: with the first pass's
 * baseline the gate passes; with a baseline 100× faster it fails.
 */
describe('the workflow, run here end to end', () => {
  const root = mkdtempSync(join(tmpdir(), 'racelab-workflow-'));
  const caches = {
    // Shared by every job of the test, as a CI cache would be: each version downloads once, and turbo builds once.
    RACELAB_CACHE: join(root, 'cache'),
    TURBO_CACHE_DIR: join(root, 'turbo'),
  };
  const main = join(root, 'artifacts-main');
  let first: JobRecord[];

  const base = (name: string): Omit<RunWorkflowOptions, 'event' | 'artifacts'> => ({
    workflow,
    repo,
    workRoot: join(root, name),
    env: caches,
    // This machine is Linux x64 with Node 20 on Debian 12: what the node:20-bookworm container is.
    runsHere: (runsOn, container) => runsOn === 'ubuntu-24.04' && (container === undefined || container === 'node:20-bookworm'),
    // Runs the vitest suite, of which this test is part: checked above to be .ci/run.
    skip: { test: 'it runs the vitest suite, of which this test is part (it is .ci/run)' },
  });

  beforeAll(() => {
    first = runWorkflow({
      ...base('main'),
      event: { name: 'workflow_dispatch', ref: 'refs/heads/main', inputs: { experiments: 'lesson/one-thread', trials: '3' } },
      artifacts: main,
      // CI's time: the oldest and the newest version of each runtime, and both browsers.
      select: (job, instances) => {
        if (job !== 'run') return instances;
        const byRuntime = new Map<string, typeof instances>();
        for (const m of instances) {
          const runtime = String(m!.runtime).split('@')[0]!;
          byRuntime.set(runtime, [...(byRuntime.get(runtime) ?? []), m]);
        }
        return [...byRuntime.values()].flatMap((list) => [...new Set([list[0], list.at(-1)])]);
      },
    });
  }, 900_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const failures = (records: readonly JobRecord[]) =>
    records.filter((r) => r.status === 'failure').map((r) => `${r.name}: ${r.steps.filter((s) => s.status === 'failure').map((s) => `${s.name}\n${s.log}`).join('\n')}`);

  it('plans every runtime version for every machine that has a build of it', () => {
    const plan = first.find((r) => r.job === 'plan')!;
    expect(plan.status, failures(first).join('\n')).toBe('success');
    const runs = first.filter((r) => r.job === 'run' || r.job === 'run-macos');
    const where = (runtime: string) => runs.filter((r) => String(r.matrix!.runtime).startsWith(runtime)).map((r) => r.matrix!.machine);
    expect(new Set(where('node@24'))).toEqual(new Set(['linux-x64', 'linux-arm64']));
    expect(new Set(where('bun@1.1'))).toEqual(new Set(['linux-x64', 'linux-arm64', 'darwin-arm64']));
    expect(new Set(where('chromium'))).toEqual(new Set(['linux-x64', 'linux-arm64']));
    // One version per range on every machine that has it: columns of two machines compare the same binary.
    const versions = (range: string) => new Set(runs.filter((r) => String(r.matrix!.runtime).startsWith(range)).map((r) => r.matrix!.runtime));
    expect(versions('node@24').size).toBe(1);
  });

  it('runs every selected shard here, and skips the others saying why', () => {
    expect(failures(first)).toEqual([]);
    const ran = first.filter((r) => r.job === 'run' && r.status === 'success').map((r) => r.matrix!.runtime as string);
    expect(ran.length).toBeGreaterThanOrEqual(8);
    expect(ran).toEqual(expect.arrayContaining(['chromium', 'firefox', expect.stringMatching(/^node@18\./), expect.stringMatching(/^deno@1\.46\./)]));
    expect(first.filter((r) => r.job === 'run-macos').every((r) => r.status === 'skipped' && r.reason === 'its runner is not this machine')).toBe(true);
    expect(first.find((r) => r.job === 'test')).toMatchObject({ status: 'skipped' });
  });

  it('merges the shards into one report with a column per version, and keeps a baseline', () => {
    const merge = first.find((r) => r.job === 'merge')!;
    expect(merge.status).toBe('success');
    const markdown = readFileSync(join(merge.workdir!, 'report', 'racelab.md'), 'utf8');
    for (const shard of first.filter((r) => r.job === 'run' && r.status === 'success')) expect(markdown).toContain(`**${shard.matrix!.runtime}**`);
    expect(merge.summary).toContain('# racelab results');
    expect(merge.summary).toContain('No baseline from main yet: the gate passes');
    const artifacts = readdirSync(main);
    expect(artifacts).toEqual(expect.arrayContaining(['racelab-report', 'racelab-baseline', 'shard-linux-x64-chromium']));
    expect(readdirSync(join(main, 'racelab-baseline')).length).toBe(first.filter((r) => r.job === 'run' && r.status === 'success').length);
  });

  /** The merge job of a pull request, on the first pass's shards, against `baseline` as the last run on main. */
  function mergeAsPullRequest(name: string, lastMainRun: string): JobRecord {
    const artifacts = join(root, `artifacts-${name}`);
    for (const shard of readdirSync(main).filter((n) => n.startsWith('shard-'))) cpSync(join(main, shard), join(artifacts, shard), { recursive: true });
    const records = runWorkflow({ ...base(name), event: { name: 'pull_request', ref: 'refs/pull/1/merge' }, artifacts, lastMainRun, only: ['merge'] });
    return records.find((r) => r.job === 'merge')!;
  }

  it('a pull request gates on the last main run: the same results pass', () => {
    const merge = mergeAsPullRequest('same', main);
    expect(merge.status, failures([merge]).join('\n')).toBe('success');
    expect(merge.steps.find((s) => s.name === 'Keep the documents as the baseline of later runs')?.status).toBe('skipped');
    expect(merge.summary).toMatch(/\*\*0 regressions, 0 improvements in \d+ results compared/);
  });

  it('a pull request slower than the baseline fails the gate and says where', () => {
    const slower = join(root, 'artifacts-faster-main');
    cpSync(main, slower, { recursive: true });
    const folder = join(slower, 'racelab-baseline');
    // The baseline made 100× faster: the pull request's results are a significant slowdown.
    for (const file of readdirSync(folder)) {
      const document = JSON.parse(readFileSync(join(folder, file), 'utf8'));
      for (const result of document.experiments) {
        const ns = result.timing?.nsPerOp;
        if (ns) for (const key of ['median', 'p25', 'p75', 'min', 'max', 'mean']) ns[key] = ns[key] / 100;
      }
      writeFileSync(join(folder, file), JSON.stringify(document));
    }
    const merge = mergeAsPullRequest('slower', slower);
    expect(merge.status).toBe('failure');
    expect(merge.steps.find((s) => s.status === 'failure')?.name).toBe('Gate on the baseline');
    expect(merge.summary).toMatch(/🔴 regression \| \S+ \| `lesson\/one-thread` \| slower by \d+%/);
  });
});
