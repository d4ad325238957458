import { describe, expect, it } from 'vitest';
import { type XPathReplacer, applyReplacements } from '../../src/request/payload-replacements.js';

describe('applyReplacements on JSON payloads', () => {
  const order = { petOrder: { petId: 1, tags: ['a'], status: 'placed' } };

  it('replaces an existing member and leaves the input unchanged', () => {
    const result = applyReplacements(order, [{ target: '/petOrder/petId', value: 42 }], 'application/json');
    expect(result).toEqual({ ok: true, value: { petOrder: { petId: 42, tags: ['a'], status: 'placed' } } });
    expect(order.petOrder.petId).toBe(1);
  });

  it('creates a member when its parent exists', () => {
    const result = applyReplacements(order, [{ target: '/petOrder/couponCode', value: 'SAVE10' }], 'application/json');
    expect(result.ok && result.value).toEqual({ petOrder: { petId: 1, tags: ['a'], status: 'placed', couponCode: 'SAVE10' } });
  });

  it('- appends to an array; an index replaces an element', () => {
    const result = applyReplacements(
      order,
      [
        { target: '/petOrder/tags/-', value: 'b' },
        { target: '/petOrder/tags/0', value: 'z' },
      ],
      'application/json',
    );
    expect(result.ok && result.value).toEqual({ petOrder: { petId: 1, tags: ['z', 'b'], status: 'placed' } });
  });

  it('applies replacements in order, later ones seeing earlier ones', () => {
    const result = applyReplacements(
      {},
      [
        { target: '/a', value: {} },
        { target: '/a/b', value: 1 },
      ],
      'application/json',
    );
    expect(result.ok && result.value).toEqual({ a: { b: 1 } });
  });

  it('the empty pointer replaces the whole payload', () => {
    expect(applyReplacements(order, [{ target: '', value: [1] }], 'application/json')).toEqual({ ok: true, value: [1] });
  });

  it('unescapes ~0 and ~1 in targets', () => {
    const result = applyReplacements({ 'a/b': {} }, [{ target: '/a~1b/c~0d', value: true }], 'application/json');
    expect(result.ok && result.value).toEqual({ 'a/b': { 'c~d': true } });
  });

  it('D14: an undefined value removes the member', () => {
    const result = applyReplacements(order, [{ target: '/petOrder/status', value: undefined }], 'application/json');
    expect(result.ok && result.value).toEqual({ petOrder: { petId: 1, tags: ['a'] } });
  });

  it('a string payload holding JSON text is parsed, replaced, and returned as a value', () => {
    const result = applyReplacements('{"petId": "x", "quantity": 1}', [{ target: '/quantity', value: 10 }], 'application/json');
    expect(result).toEqual({ ok: true, value: { petId: 'x', quantity: 10 } });
  });

  it('no content type and an object payload is JSON', () => {
    expect(applyReplacements({}, [{ target: '/a', value: 1 }], undefined)).toEqual({ ok: true, value: { a: 1 } });
  });

  it('a member named __proto__ is data, not the prototype', () => {
    const result = applyReplacements({}, [{ target: '/__proto__', value: { polluted: true } }], 'application/json');
    expect(result.ok).toBe(true);
    const value = (result.ok ? result.value : {}) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it("a target whose parent doesn't exist is an error naming the target", () => {
    expect(applyReplacements(order, [{ target: '/petOrder/owner/name', value: 'x' }], 'application/json')).toEqual({
      ok: false,
      error: {
        code: 'replacement-target',
        target: '/petOrder/owner/name',
        message: "payload replacement target '/petOrder/owner/name' cannot be set: '/petOrder/owner' it does not exist",
      },
    });
  });

  it('array targets past the end, non-numeric, or through a primitive are errors', () => {
    const past = applyReplacements(order, [{ target: '/petOrder/tags/5', value: 'x' }], 'application/json');
    expect(!past.ok && past.error.message).toBe(
      "payload replacement target '/petOrder/tags/5' cannot be set: '/petOrder/tags' index 5 is past the end of an array of 1",
    );
    const word = applyReplacements(order, [{ target: '/petOrder/tags/first', value: 'x' }], 'application/json');
    expect(!word.ok && word.error.code).toBe('replacement-target');
    const through = applyReplacements(order, [{ target: '/petOrder/status/x', value: 1 }], 'application/json');
    expect(!through.ok && through.error.message).toBe(
      "payload replacement target '/petOrder/status/x' cannot be set: '/petOrder/status' it is not an object or array",
    );
  });

  it('a target that is not a JSON Pointer', () => {
    const result = applyReplacements(order, [{ target: 'petOrder.petId', value: 1 }], 'application/json');
    expect(!result.ok && result.error).toMatchObject({ code: 'replacement-target', target: 'petOrder.petId' });
  });

  it('a JSON media type with a string that is not JSON', () => {
    const result = applyReplacements('not json', [{ target: '/a', value: 1 }], 'application/json');
    expect(result).toEqual({
      ok: false,
      error: { code: 'invalid-payload', message: 'payload replacements need a JSON or XML payload; this payload is not valid JSON' },
    });
  });

  it('no replacements: the payload unchanged, whatever it is', () => {
    expect(applyReplacements('<a/>', [], 'application/xml')).toEqual({ ok: true, value: '<a/>' });
  });
});

describe('applyReplacements on XML payloads', () => {
  const xml = '<petOrder><petId>1</petId></petOrder>';

  it('D19: without an XPath replacer, a clear error that XML replacements need XPath', () => {
    expect(applyReplacements(xml, [{ target: '/petOrder/petId', value: 7 }], 'application/xml')).toEqual({
      ok: false,
      error: {
        code: 'xpath-unsupported',
        target: '/petOrder/petId',
        message: "payload replacement '/petOrder/petId' targets an XML payload; XML replacements need XPath, and no XPath replacer was given",
      },
    });
  });

  it('D19: an XML payload is recognised without a content type too', () => {
    const result = applyReplacements('  <a/>', [{ target: '/a', value: 1 }], undefined);
    expect(!result.ok && result.error.code).toBe('xpath-unsupported');
  });

  it('D19: uses the XPath replacer when given, in order, and reports its failures', () => {
    const calls: string[] = [];
    const replacer: XPathReplacer = (text, target, value) => {
      calls.push(target);
      if (target === '/missing') return { ok: false, message: 'matches no node' };
      return { ok: true, xml: text.replace('<petId>1</petId>', `<petId>${String(value)}</petId>`) };
    };
    expect(applyReplacements(xml, [{ target: '/petOrder/petId', value: 7 }], 'application/xml', replacer)).toEqual({
      ok: true,
      value: '<petOrder><petId>7</petId></petOrder>',
    });
    expect(
      applyReplacements(xml, [{ target: '/petOrder/petId', value: 7 }, { target: '/missing', value: 1 }], 'text/xml', replacer),
    ).toEqual({
      ok: false,
      error: { code: 'replacement-target', target: '/missing', message: "payload replacement '/missing': matches no node" },
    });
    expect(calls).toEqual(['/petOrder/petId', '/petOrder/petId', '/missing']);
  });
});
