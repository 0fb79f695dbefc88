import { describe, expect, it } from "vitest";
import { sanitizeHtml } from "../../src/reader/html/sanitize.ts";

const base = "https://blog.example/posts/1/";

describe("sanitizeHtml", () => {
  it("removes scripts, styles, frames and objects with their content", () => {
    const html = `<p>a<script>alert(1)</script><style>p{}</style><iframe src="x">f</iframe><object>o</object>b</p>`;
    expect(sanitizeHtml(html, base)).toBe("<p>ab</p>");
  });

  it("removes a script written '<script/>' with its content, as a browser runs it, not as text", () => {
    const html = `<p>a<script/>alert(1)</script>b<style />p{}</style>c<textarea/>t</textarea>d</p>`;
    expect(sanitizeHtml(html, base)).toBe("<p>abcd</p>");
  });

  it("removes event handlers, style attributes and javascript:/vbscript:/data: URLs", () => {
    const html = `<a href="java\tscript:alert(1)" onclick="x()" style="color:red">x</a><img src="data:text/html;base64,AA" alt="d"><a href="VBScript:x">v</a>`;
    expect(sanitizeHtml(html, base)).toBe("<a>x</a><a>v</a>");
  });

  it("makes relative href, src and srcset absolute", () => {
    const html = `<a href="../2/">next</a><img src="/i.png" srcset="a.png 1x, /b.png 2x" alt="">`;
    expect(sanitizeHtml(html, base)).toBe(
      `<a href="https://blog.example/posts/2/">next</a><img src="https://blog.example/i.png" srcset="https://blog.example/posts/1/a.png 1x, https://blog.example/b.png 2x" alt="">`,
    );
  });

  it("strips tracking pixels (HubSpot, FeedBurner, any 1×1 image) but keeps real images", () => {
    const html = `<p>x</p><img src="https://track.hubspot.com/__ptq.gif?a=1&amp;k=14" alt="" width="1" height="1" style="min-height:1px!important"><img src="http://feeds.feedburner.com/~r/X/~4/abc" height="1" width="1"><img src="/real.png" width="600" height="1">`;
    expect(sanitizeHtml(html, base)).toBe(
      `<p>x</p><img src="https://blog.example/real.png" width="600" height="1">`,
    );
  });

  it("unwraps unknown tags, keeps their text, and closes what was left open", () => {
    expect(sanitizeHtml(`<font color="red"><p>Hi <b>there`, base)).toBe("<p>Hi <b>there</b></p>");
  });

  it("escapes text and attribute values so nothing can break out", () => {
    expect(sanitizeHtml(`<p title='"><script>'>1 &lt; 2 &amp; 3</p>`, base)).toBe(
      `<p title="&quot;>&lt;script>">1 &lt; 2 &amp; 3</p>`,
    );
  });
});
