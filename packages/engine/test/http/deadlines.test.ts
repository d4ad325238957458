import { describe, expect, it } from 'vitest';
import { setDeadline } from '../../src/http/deadlines.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('shared request deadlines', () => {
  it('fire in deadline order across durations, each once, and not before its time', async () => {
    const started = performance.now();
    const fired: { name: string; ms: number; at: number }[] = [];
    const record = (name: string, ms: number) => setDeadline(ms, () => fired.push({ name, ms, at: performance.now() - started }));
    record('120a', 120);
    record('40', 40);
    record('120b', 120);
    record('80', 80);
    await wait(250);
    expect(fired.map((entry) => entry.name)).toEqual(['40', '80', '120a', '120b']);
    for (const entry of fired) expect(entry.at).toBeGreaterThanOrEqual(entry.ms - 1);
  });

  it('a cleared deadline never fires, and the ones after it still do', async () => {
    const fired: string[] = [];
    const first = setDeadline(30, () => fired.push('first'));
    setDeadline(30, () => fired.push('second'));
    const third = setDeadline(30, () => fired.push('third'));
    first.clear();
    third.clear();
    third.clear();
    await wait(100);
    expect(fired).toEqual(['second']);
  });

  it('an earlier deadline set after a later one re-arms the timer', async () => {
    const fired: string[] = [];
    const late = setDeadline(5000, () => fired.push('late'));
    setDeadline(20, () => fired.push('early'));
    await wait(120);
    expect(fired).toEqual(['early']);
    late.clear();
  });

  it('a callback may set a new deadline', async () => {
    const fired: string[] = [];
    setDeadline(10, () => {
      fired.push('outer');
      setDeadline(10, () => fired.push('inner'));
    });
    await wait(150);
    expect(fired).toEqual(['outer', 'inner']);
  });
});
