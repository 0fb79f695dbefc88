/** Namespace URIs feeds use, mapped to the one prefix the readers look for. */

// RSS 0.90, 1.0 and the Userland RSS 2.0 namespaces all mean "the RSS vocabulary": bare names.
const RSS_FAMILY = [
  "http://purl.org/rss/1.0",
  "http://my.netscape.com/rdf/simple/0.9",
  "http://channel.netscape.com/rdf/simple/0.9",
  "http://backend.userland.com/rss2",
  "http://backend.userland.com/rss",
  "http://blogs.law.harvard.edu/tech/rss",
];

const BY_URI = new Map<string, string>([
  ...RSS_FAMILY.map((u): [string, string] => [u, ""]),
  ["http://www.w3.org/2005/atom", "atom"],
  ["http://purl.org/atom/ns", "atom"],
  ["http://www.w3.org/1999/02/22-rdf-syntax-ns", "rdf"],
  ["http://purl.org/dc/elements/1.1", "dc"],
  ["http://purl.org/dc/elements/1.0", "dc"], // Dublin Core 1.0: same elements, older URI
  ["http://purl.org/dc/terms", "dcterms"],
  ["http://purl.org/rss/1.0/modules/content", "content"],
  ["http://search.yahoo.com/mrss", "media"],
  ["http://rssnamespace.org/feedburner/ext/1.0", "feedburner"],
  ["http://www.w3.org/1999/xhtml", "xhtml"],
  ["http://www.itunes.com/dtds/podcast-1.0.dtd", "itunes"],
  ["http://www.w3.org/xml/1998/namespace", "xml"],
]);

/** Prefixes that mean their usual namespace even when a sloppy feed forgets to declare them. */
export const KNOWN_PREFIXES = new Set([
  "atom",
  "dc",
  "dcterms",
  "content",
  "media",
  "feedburner",
  "rdf",
  "itunes",
]);

/** The canonical prefix for a namespace URI ("" for RSS itself), or undefined for unknown ones. */
export function canonicalPrefix(uri: string): string | undefined {
  return BY_URI.get(uri.toLowerCase().replace(/[/#]+$/, ""));
}
