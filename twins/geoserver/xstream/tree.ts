// The neutral tree GeoServer's XStream persister writes, before it becomes XML or (through
// Jettison's "mapped" convention) JSON. Leaf values are text, exactly as XStream writes them;
// the JSON writer decides which texts become numbers or booleans, as Jettison does.

export interface XNode {
  name: string;
  attrs?: [string, string][];
  text?: string;
  children?: XNode[];
  /** atom:link to another REST resource: path below /rest, without extension. */
  link?: string;
  /** Always a JSON array, even with one element (top-level lists). */
  array?: boolean;
  /** A null entry of a positional list: "null" in JSON, an empty element in XML. */
  nullEntry?: boolean;
}

export function leaf(name: string, value: string | number | boolean | undefined): XNode | undefined {
  if (value === undefined) return undefined;
  return { name, text: String(value) };
}

/** A double as Java's Double.toString writes it (180 -> "180.0", 1e7 -> "1.0E7"). */
export function javaDouble(value: number): string {
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e7 || abs < 1e-3)) {
    const [mantissa, exponent] = value.toExponential().split('e');
    return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
  }
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

export function node(name: string, children: (XNode | undefined)[], extra: Partial<XNode> = {}): XNode {
  return { name, children: children.filter((c): c is XNode => c !== undefined), ...extra };
}

/** A reference to another catalog object: <name>…</name> plus its atom:link. */
export function reference(name: string, refName: string, link: string, extra: (XNode | undefined)[] = []): XNode {
  return node(name, [leaf('name', refName), ...extra], { link });
}

/** A link to a child collection: an href string in JSON, a bare atom:link in XML. */
export function collectionLink(name: string, link: string): XNode {
  return { name, link };
}

/** A top-level list: items always form an array; no items gives "" in JSON and an empty element in XML. */
export function listOf(name: string, itemName: string, items: { name: string; link: string }[]): XNode {
  return node(
    name,
    items.map((item) => ({ ...reference(itemName, item.name, item.link), array: true })),
  );
}

export function entryMap(name: string, entries: [string, string][]): XNode {
  return node(
    name,
    entries.map(([key, value]) => ({ name: 'entry', attrs: [['key', key]], text: value })),
  );
}

export function doubleLeaf(name: string, value: number | undefined): XNode | undefined {
  return value === undefined ? undefined : { name, text: javaDouble(value) };
}
