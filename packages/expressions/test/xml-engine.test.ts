import { describe, expect, it } from 'vitest';
import { isXPathLoaded, preloadXPath } from '@loom/expressions';
import { isXmlReplacementLoaded, replaceXmlAtXPath } from '../src/xml-replace.js';

// A file of its own: the XML stack is loaded once per module graph, so nothing else in this file may load it first.
describe('one XML stack for xpath criteria and XML payload replacements', () => {
  it('loading it for xpath criteria readies XML replacements too', async () => {
    expect(isXPathLoaded()).toBe(false);
    expect(isXmlReplacementLoaded()).toBe(false);
    await preloadXPath();
    expect(isXmlReplacementLoaded()).toBe(true);
    expect(replaceXmlAtXPath('<a><b>1</b></a>', '/a/b', 2)).toEqual({ ok: true, xml: '<a><b>2</b></a>' });
  });
});
