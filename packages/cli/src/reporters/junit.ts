/** Minimal JUnit XML writing shared by `loom run --report junit=` and `loom lint --format junit`. */
export interface JUnitCase {
  readonly name: string;
  readonly classname: string;
  readonly timeSeconds?: number;
  readonly failure?: { readonly message: string; readonly details?: string; readonly type?: string };
  readonly skipped?: boolean;
  /** Why the case was skipped (`<skipped message="...">`). */
  readonly skipMessage?: string;
  /** Text for the case's `<system-out>` (a flaky pass says so there). */
  readonly systemOut?: string;
}

export interface JUnitSuite {
  readonly name: string;
  readonly timeSeconds?: number;
  readonly cases: readonly JUnitCase[];
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char]!)
    // XML 1.0 has no representation for most control characters.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
}

/** JUnit XML (the de facto schema CI dashboards read); `name` names the whole report. Times are omitted when unknown. */
export function formatJUnit(suites: readonly JUnitSuite[], name?: string): string {
  const tests = suites.reduce((sum, suite) => sum + suite.cases.length, 0);
  const failures = suites.reduce((sum, suite) => sum + suite.cases.filter((testCase) => testCase.failure).length, 0);
  const time = (seconds: number | undefined) => (seconds === undefined ? '' : ` time="${seconds.toFixed(3)}"`);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${name ? ` name="${escapeXml(name)}"` : ''} tests="${tests}" failures="${failures}">`];
  for (const suite of suites) {
    const suiteFailures = suite.cases.filter((testCase) => testCase.failure).length;
    lines.push(`  <testsuite name="${escapeXml(suite.name)}" tests="${suite.cases.length}" failures="${suiteFailures}"${time(suite.timeSeconds)}>`);
    for (const testCase of suite.cases) {
      const open = `    <testcase name="${escapeXml(testCase.name)}" classname="${escapeXml(testCase.classname)}"${time(testCase.timeSeconds)}`;
      if (testCase.failure) {
        const type = testCase.failure.type ? ` type="${escapeXml(testCase.failure.type)}"` : '';
        lines.push(`${open}>`);
        lines.push(`      <failure${type} message="${escapeXml(testCase.failure.message)}">${escapeXml(testCase.failure.details ?? testCase.failure.message)}</failure>`);
        lines.push('    </testcase>');
      } else if (testCase.skipped) {
        lines.push(`${open}>`, testCase.skipMessage === undefined ? '      <skipped/>' : `      <skipped message="${escapeXml(testCase.skipMessage)}"/>`, '    </testcase>');
      } else if (testCase.systemOut !== undefined) {
        lines.push(`${open}>`, `      <system-out>${escapeXml(testCase.systemOut)}</system-out>`, '    </testcase>');
      } else {
        lines.push(`${open}/>`);
      }
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
