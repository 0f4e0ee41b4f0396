// XML text for the XML formats (GEXF, GraphML). Vault text is untrusted: besides `& < > " '`,
// XML 1.0 forbids most C0 controls, lone surrogates and U+FFFE/U+FFFF even as character
// references, so those are replaced by U+FFFD (a parser would reject the whole file otherwise).

/** Characters XML 1.0 does not allow anywhere (§2.2 Char). With the `u` flag a lone surrogate is one match. */
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlSafe(s: string): string {
  return s.replace(NOT_XML_CHAR, '\uFFFD');
}

/** Escape for element text and for double- or single-quoted attribute values. Tab, CR and LF are
 * written as references so attribute-value normalisation does not turn them into spaces. */
export function xmlEscape(s: string): string {
  return xmlSafe(s).replace(/[&<>"'\t\n\r]/g, (c) => XML_ENTITY[c]!);
}

const XML_ENTITY: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;',
};
