/**
 * Arazzo 1.0.1 §Payload Replacement Object: for an XML payload, `target` is an
 * XPath expression and `value` replaces what it selects (DECISIONS D19). The XML
 * stack (fontoxpath + @xmldom/xmldom) is loaded lazily, as for xpath criteria:
 * `preloadXmlReplacement()` first, then `replaceXmlAtXPath` is synchronous.
 */
import { toJsonText } from './json-text.js';
import { firstErrorLine, loadedXmlEngine, loadXmlEngine } from './xml-engine.js';

type XmlDom = typeof import('@xmldom/xmldom');

/** Loads the XPath and DOM libraries, so that `replaceXmlAtXPath` can run. */
export function preloadXmlReplacement(): Promise<void> {
  return loadXmlEngine().then(() => undefined);
}

/** True once `preloadXmlReplacement()` has finished. */
export function isXmlReplacementLoaded(): boolean {
  return loadedXmlEngine() !== undefined;
}

export type XmlReplaceResult = { readonly ok: true; readonly xml: string } | { readonly ok: false; readonly message: string };

// DOM node types (DOM Living Standard §Interface Node).
const ELEMENT_NODE = 1;
const ATTRIBUTE_NODE = 2;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

interface DomNode {
  readonly nodeType: number;
  nodeValue: string | null;
  textContent: string | null;
  readonly ownerDocument: { createTextNode(text: string): unknown } | null;
  firstChild: DomNode | null;
  removeChild(child: DomNode): unknown;
  appendChild(child: unknown): unknown;
}

/**
 * Replaces every node `target` selects in `xml` with `value`'s text: an
 * element's content becomes that text, an attribute or text node takes it as
 * its value. Strings go as they are, other values as JSON (numbers and
 * booleans read the same). A target that selects nothing, or anything but
 * elements, attributes and text, is an error naming it.
 */
export function replaceXmlAtXPath(xml: string, target: string, value: unknown): XmlReplaceResult {
  const engine = loadedXmlEngine();
  if (engine === undefined) return { ok: false, message: 'the XML engine is not loaded (call preloadXmlReplacement first)' };
  let document: unknown;
  const problems: string[] = [];
  try {
    document = new engine.DOMParser({ onError: (level: string, message: string) => void (level !== 'warning' && problems.push(message)) }).parseFromString(xml, 'text/xml');
  } catch (error) {
    return { ok: false, message: `the payload is not well-formed XML: ${firstLine(error)}` };
  }
  if (problems.length > 0) return { ok: false, message: `the payload is not well-formed XML: ${problems[0]!.split('\n')[0]}` };
  let nodes: DomNode[];
  try {
    nodes = engine.evaluateXPathToNodes(target, document) as unknown as DomNode[];
  } catch (error) {
    return { ok: false, message: `XPath error: ${firstLine(error)}` };
  }
  if (nodes.length === 0) return { ok: false, message: 'the XPath selects no node in the payload' };
  const text = typeof value === 'string' ? value : value === undefined ? '' : (toJsonText(value) ?? '');
  for (const node of nodes) {
    if (node.nodeType === ELEMENT_NODE) {
      while (node.firstChild !== null) node.removeChild(node.firstChild);
      node.appendChild(node.ownerDocument!.createTextNode(text));
    } else if (node.nodeType === ATTRIBUTE_NODE || node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) {
      node.nodeValue = text;
      // xmldom serializes attributes from `value` and text from `data`; keep them in step.
      (node as unknown as { value?: string; data?: string }).value = text;
      (node as unknown as { data?: string }).data = text;
    } else {
      return { ok: false, message: `the XPath selects a node of type ${node.nodeType}; only elements, attributes and text can be replaced` };
    }
  }
  return { ok: true, xml: new engine.XMLSerializer().serializeToString(document as Parameters<InstanceType<XmlDom["XMLSerializer"]>["serializeToString"]>[0]) };
}

function firstLine(error: unknown): string {
  return firstErrorLine(error instanceof Error ? error.message : String(error));
}
