import type { Diagnostic } from '@loom/engine';
import { describe, expect, it } from 'vitest';
import { withoutSpectralRestatements, type RuleResult } from '../src/spectral-duplicates.js';

const FILE = 'file:///flow.arazzo.yaml';
const result = (rule: string, path: string, code = rule, fromLoom = false, source = FILE): RuleResult => ({
  rule,
  fromLoom,
  diagnostic: { code, severity: 'error', message: `${code} at ${path}`, path, source } satisfies Diagnostic,
});
const loom = (code: string, path: string, source = FILE) => result(`loom-${code}`, path, code, true, source);
const kept = (results: RuleResult[]) => withoutSpectralRestatements(results).map(({ rule, diagnostic }) => `${rule} ${diagnostic.path}`);

describe('D50: which Spectral results restate a Loom result', () => {
  it('a paired rule at the same node, or at a node holding the Loom result (the root for uniqueness), is dropped', () => {
    expect(
      kept([
        result('arazzo-workflow-stepId-unique', ''),
        loom('step-id-unique', '/workflows/0/steps/1/stepId'),
        result('arazzo-step-success-actions-validation', '/workflows/0/steps/0/onSuccess/0'),
        loom('goto-target', '/workflows/0/steps/0/onSuccess/0/stepId'),
        result('arazzo-step-output-validation', '/workflows/0/steps/0/outputs/x'),
        loom('expression-unknown-step', '/workflows/0/steps/0/outputs/x'),
      ]),
    ).toEqual(['loom-step-id-unique /workflows/0/steps/1/stepId', 'loom-goto-target /workflows/0/steps/0/onSuccess/0/stepId', 'loom-expression-unknown-step /workflows/0/steps/0/outputs/x']);
  });

  it('kept: an unpaired rule, a paired rule on another node, a Loom result only at an enclosing node, another file', () => {
    const spectral = [
      result('arazzo-step-description', '/workflows/0/steps/0'),
      result('arazzo-step-output-validation', '/workflows/0/steps/1/outputs/x'),
      result('arazzo-step-failure-actions-validation', '/workflows/0/steps/2/onFailure/0'),
      result('arazzo-workflowId-unique', '/workflows/1/workflowId', 'arazzo-workflowId-unique', false, 'file:///other.arazzo.yaml'),
    ];
    const all = [
      ...spectral,
      loom('expression-unknown-step', '/workflows/0/steps/0/outputs/x'),
      // A schema error about the whole step (a missing field) is not what Spectral found in its onFailure.
      loom('arazzo-schema', '/workflows/0/steps/2'),
      loom('workflow-id-unique', '/workflows/1/workflowId'),
    ];
    expect(kept(all).filter((line) => !line.startsWith('loom-'))).toEqual(spectral.map(({ rule, diagnostic }) => `${rule} ${diagnostic.path}`));
  });
});
