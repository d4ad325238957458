/**
 * The XML stack (fontoxpath for XPath 3.1, @xmldom/xmldom for the DOM), loaded
 * once for xpath criteria and XML payload replacements alike. fontoxpath takes
 * tens of milliseconds to load, so it is imported on first use or ahead of time
 * with `loadXmlEngine()`; once loaded, callers use it synchronously.
 */
type FontoXPath = typeof import('fontoxpath');
type XmlDom = typeof import('@xmldom/xmldom');

export interface XmlEngine {
  readonly evaluateXPathToBoolean: FontoXPath['evaluateXPathToBoolean'];
  readonly evaluateXPathToNodes: FontoXPath['evaluateXPathToNodes'];
  readonly evaluateXPathToStrings: FontoXPath['evaluateXPathToStrings'];
  readonly DOMParser: XmlDom['DOMParser'];
  readonly XMLSerializer: XmlDom['XMLSerializer'];
}

let engine: XmlEngine | undefined;
let loading: Promise<XmlEngine> | undefined;

/** Loads the XML stack (once, however many callers ask at the same time). */
export function loadXmlEngine(): Promise<XmlEngine> {
  loading ??= Promise.all([import('fontoxpath'), import('@xmldom/xmldom')]).then(([fonto, xmldom]) => {
    // fontoxpath is CommonJS: from ESM its functions sit on the default export.
    const api = ((fonto as unknown as { default?: FontoXPath }).default ?? fonto) as FontoXPath;
    engine = {
      evaluateXPathToBoolean: api.evaluateXPathToBoolean,
      evaluateXPathToNodes: api.evaluateXPathToNodes,
      evaluateXPathToStrings: api.evaluateXPathToStrings,
      DOMParser: xmldom.DOMParser,
      XMLSerializer: xmldom.XMLSerializer,
    };
    return engine;
  });
  return loading;
}

/** The XML stack when it is loaded; `undefined` until `loadXmlEngine()` has finished. */
export function loadedXmlEngine(): XmlEngine | undefined {
  return engine;
}

/** The line of a fontoxpath or xmldom error message that says what is wrong. */
export function firstErrorLine(message: string): string {
  const lines = message.split('\n').map((line) => line.trim()).filter((line) => line !== '' && line !== '^');
  // fontoxpath puts its error code line (`XPST0003: ...`) after an excerpt of the query.
  return lines.find((line) => /^(Error: )?[A-Z]{4}\d{4}/.test(line))?.replace(/^Error: /, '') ?? lines[0] ?? message;
}
