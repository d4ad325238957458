import { UsageError } from '../usage-error.js';

export type TestReporterKind = 'summary' | 'junit' | 'tap' | 'json' | 'github-actions';

/** A `--reporter <kind>[=<file>]`; without a file it writes to stdout. */
export interface TestReporterChoice {
  readonly kind: TestReporterKind;
  readonly file?: string;
}

const KINDS: readonly TestReporterKind[] = ['summary', 'junit', 'tap', 'json', 'github-actions'];

/**
 * Parses the `--reporter` options of `loom test`. At most one machine-readable report (tap, json, junit) may
 * take stdout; the readable summary is always written, to stderr when such a report takes stdout.
 */
export function parseTestReporters(values: readonly string[] | undefined): TestReporterChoice[] {
  const choices = (values ?? []).map((value): TestReporterChoice => {
    const equals = value.indexOf('=');
    const kind = (equals === -1 ? value : value.slice(0, equals)) as TestReporterKind;
    const file = equals === -1 ? undefined : value.slice(equals + 1);
    if (!KINDS.includes(kind)) throw new UsageError(`test: --reporter kinds are ${KINDS.join(', ')}, got '${kind}'`);
    if (file === '') throw new UsageError(`test: --reporter ${kind}= needs a file name`);
    return { kind, ...(file !== undefined ? { file } : {}) };
  });
  const onStdout = choices.filter((choice) => choice.file === undefined && (choice.kind === 'tap' || choice.kind === 'json' || choice.kind === 'junit'));
  if (onStdout.length > 1) throw new UsageError(`test: only one of --reporter ${onStdout.map((choice) => choice.kind).join(', ')} can write to stdout; give the others a file (--reporter ${onStdout[1]!.kind}=<file>)`);
  return choices;
}

/** Whether a machine-readable report takes stdout, so that the summary goes to stderr. */
export function stdoutTaken(choices: readonly TestReporterChoice[]): boolean {
  return choices.some((choice) => choice.file === undefined && (choice.kind === 'tap' || choice.kind === 'json' || choice.kind === 'junit'));
}
