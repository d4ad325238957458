import { beforeAll, describe, expect, it } from 'vitest';
import { isXmlReplacementLoaded, preloadXmlReplacement, replaceXmlAtXPath } from '../src/xml-replace.js';

describe('replaceXmlAtXPath (Arazzo §Payload Replacement Object, XPath targets)', () => {
  beforeAll(() => preloadXmlReplacement());

  it('is loaded after preload', () => {
    expect(isXmlReplacementLoaded()).toBe(true);
  });

  it("D19: replaces an element's content, escaping the text", () => {
    expect(replaceXmlAtXPath('<pet><name>old</name><tag>x</tag></pet>', '/pet/name', 'Rex & <Co>')).toEqual({
      ok: true,
      xml: '<pet><name>Rex &amp; &lt;Co&gt;</name><tag>x</tag></pet>',
    });
  });

  it('R9: replaces an attribute value and a text node; numbers read as themselves', () => {
    expect(replaceXmlAtXPath('<pet id="1"><name>a</name></pet>', '/pet/@id', 42)).toEqual({ ok: true, xml: '<pet id="42"><name>a</name></pet>' });
    expect(replaceXmlAtXPath('<pet><name>a</name></pet>', '/pet/name/text()', true)).toEqual({ ok: true, xml: '<pet><name>true</name></pet>' });
  });

  it('R9: replaces every node the XPath selects', () => {
    expect(replaceXmlAtXPath('<l><i>1</i><i>2</i></l>', '//i', 'z')).toEqual({ ok: true, xml: '<l><i>z</i><i>z</i></l>' });
  });

  it('reports a target that selects nothing, a bad XPath and malformed XML', () => {
    expect(replaceXmlAtXPath('<a/>', '/a/missing', 'x')).toEqual({ ok: false, message: 'the XPath selects no node in the payload' });
    const bad = replaceXmlAtXPath('<a/>', '/a/[', 'x');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/^XPath error: XPST0003/);
    const malformed = replaceXmlAtXPath('<a><b></a>', '/a', 'x');
    expect(!malformed.ok && malformed.message).toMatch(/not well-formed XML/);
  });
});
