/**
 * A small, strict reader for the XML subset ftsim writes (a prolog, elements,
 * attributes, text; no comments, CDATA, DTD or namespaces), for tests: it
 * throws on anything that is not well-formed XML 1.0 in that subset
 * (unbalanced or mis-nested tags, unquoted or duplicate attributes, a raw
 * `<` or `&` in text or attributes, an unknown entity, a character XML
 * cannot carry), and decodes entities.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (children's text excluded), decoded. */
  text: string;
}

const NAME = /[A-Za-z_][\w.-]*/y;
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function decode(raw: string, where: number): string {
  if (raw.includes("<")) throw new SyntaxError(`raw "<" at ${where}`);
  return raw.replace(/&([^;]*);?/g, (whole, body: string) => {
    if (!whole.endsWith(";")) throw new SyntaxError(`unterminated entity at ${where}: ${whole}`);
    if (body in ENTITIES) return ENTITIES[body]!;
    const m = /^#(?:x([0-9a-fA-F]+)|(\d+))$/.exec(body);
    if (m === null) throw new SyntaxError(`unknown entity &${body}; at ${where}`);
    return String.fromCodePoint(m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]));
  });
}

/** Parses a document and returns its root element. @throws {SyntaxError} when it is not well-formed */
export function readXml(text: string): XmlElement {
  const bad = FORBIDDEN.exec(text);
  if (bad !== null) throw new SyntaxError(`character U+${bad[0].charCodeAt(0).toString(16)} not allowed in XML at ${bad.index}`);
  let i = 0;
  const skipSpace = () => {
    while (/\s/.test(text[i] ?? "")) i++;
  };
  const name = () => {
    NAME.lastIndex = i;
    const m = NAME.exec(text);
    if (m === null) throw new SyntaxError(`expected a name at ${i}`);
    i += m[0].length;
    return m[0];
  };
  if (text.startsWith("<?xml")) {
    const end = text.indexOf("?>");
    if (end < 0) throw new SyntaxError("unterminated prolog");
    i = end + 2;
  }
  skipSpace();
  const element = (): XmlElement => {
    if (text[i] !== "<") throw new SyntaxError(`expected "<" at ${i}`);
    i++;
    const el: XmlElement = { name: name(), attributes: {}, children: [], text: "" };
    for (;;) {
      const before = i;
      skipSpace();
      if (text.startsWith("/>", i)) {
        i += 2;
        return el;
      }
      if (text[i] === ">") {
        i++;
        break;
      }
      if (i === before) throw new SyntaxError(`expected a space before an attribute at ${i}`);
      const key = name();
      if (text[i] !== "=" || text[i + 1] !== '"') throw new SyntaxError(`attribute ${key} not of the form key="value" at ${i}`);
      const end = text.indexOf('"', i + 2);
      if (end < 0) throw new SyntaxError(`unterminated attribute ${key}`);
      if (Object.hasOwn(el.attributes, key)) throw new SyntaxError(`duplicate attribute ${key} at ${i}`);
      el.attributes[key] = decode(text.slice(i + 2, end), i);
      i = end + 1;
    }
    for (;;) {
      const lt = text.indexOf("<", i);
      if (lt < 0) throw new SyntaxError(`element <${el.name}> not closed`);
      el.text += decode(text.slice(i, lt), i);
      i = lt;
      if (text.startsWith("</", i)) {
        i += 2;
        const closing = name();
        if (closing !== el.name) throw new SyntaxError(`</${closing}> closes <${el.name}> at ${i}`);
        skipSpace();
        if (text[i] !== ">") throw new SyntaxError(`expected ">" at ${i}`);
        i++;
        return el;
      }
      el.children.push(element());
    }
  };
  const root = element();
  skipSpace();
  if (i !== text.length) throw new SyntaxError(`content after the root element at ${i}`);
  return root;
}

/** Every element named `name` under `el` (depth first, `el` included). */
export function findAll(el: XmlElement, name: string): XmlElement[] {
  return [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => findAll(c, name))];
}
