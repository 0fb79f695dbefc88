import { describe, expect, it } from "vitest";
import { stripTags } from "../../src/reader/html/strip-tags.ts";
import { htmlToText } from "../../src/reader/html/text.ts";
import { mulberry32 } from "../support/random.ts";

// The one regex replace stripTags() must always agree with (it jumps from "<" to "<" instead).
const TAG =
  /<!--[\s\S]*?(?:-->|$)|<(?:script|style)\b[\s\S]*?(?:<\/(?:script|style)\s*>|$)|<[/!?]?[A-Za-z][^>]*>/gi;
const BLOCK =
  /^<\/?(?:p|div|br|hr|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|pre|section|article|header|footer|figure|figcaption|dd|dt|dl|img)\b/i;
const reference = (html: string) => html.replace(TAG, (tag) => (BLOCK.test(tag) ? " " : ""));

// Pieces that start, end or nearly make every kind of markup the regex knows, mixed with text.
const PIECES = [
  "text",
  " ",
  "\n",
  "中文",
  "<",
  ">",
  "</",
  "<!",
  "<?",
  "<!--",
  "-->",
  "--",
  "->",
  "<!-- c -->",
  "<p>",
  "</P>",
  '<p class="a>b">',
  "<pre>",
  "<p2>",
  "<P_x>",
  "<br/>",
  "<BR >",
  "<h1>",
  "<h7>",
  "<blockquote>",
  "<blockquotes>",
  "<figcaption>",
  "<img src=x>",
  "<b>",
  "</b >",
  "< b>",
  "</ p>",
  "<script>",
  "<SCRIPT type=x>",
  "<script",
  "<scripts>",
  "<script-x>",
  "</script>",
  "</script \n>",
  "</script\u00a0>",
  "</SCRIPT>",
  "</scriptx>",
  "<style>",
  "</style>",
  "<style/>",
  "</sty",
  "x=1",
  "<!DOCTYPE html>",
  "<?xml?>",
  "<a href='/x'>",
  "</a>",
  "<1>",
  "<_>",
  "<é>",
  "&amp;",
  "&lt;p&gt;",
];

describe("stripTags", () => {
  it("finds what the regex it replaced finds, on random mixes of markup and text", () => {
    const rand = mulberry32(11);
    for (let i = 0; i < 30_000; i++) {
      const s = Array.from(
        { length: Math.floor(rand() * 14) },
        () => PIECES[Math.floor(rand() * PIECES.length)],
      ).join("");
      expect(stripTags(s), JSON.stringify(s)).toBe(reference(s));
    }
  });

  it("turns block tags into spaces, drops inline tags, comments, scripts and styles", () => {
    expect(htmlToText("<p>Kubernetes <b>v1.35</b></p><p>is out</p>")).toBe("Kubernetes v1.35 is out");
    expect(htmlToText("a<!-- hidden -->b<script>x()</script>c<style>p{}</style>d")).toBe("abcd");
    expect(htmlToText("a<br>b<BR/>c<img src=x>d")).toBe("a b c d");
    expect(htmlToText("1 < 2 and 3 > 2")).toBe("1 < 2 and 3 > 2");
    expect(htmlToText("&lt;p&gt; stays text")).toBe("<p> stays text");
    expect(htmlToText("cut <script>never closed")).toBe("cut");
    expect(htmlToText("<p>")).toBeNull();
  });
});
