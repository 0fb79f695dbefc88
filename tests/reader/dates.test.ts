import { describe, expect, it } from "vitest";
import { parseDate } from "../../src/reader/formats/dates.ts";

describe("parseDate", () => {
  it.each([
    ["Thu, 07 Dec 17 10:00:29 -0800", "2017-12-07T18:00:29Z"], // two-digit year (neverwinter feed)
    ["Fri, 01 Jan 99 00:00:00 GMT", "1999-01-01T00:00:00Z"],
    ["Mon, 02 Jan 2006 15:04:05 -0700", "2006-01-02T22:04:05Z"], // Kubernetes' Go layout
    ["02 Jan 2006 15:04 EST", "2006-01-02T20:04:00Z"], // no day name, no seconds
    ["Mon, 26 January 2004 16:31:00 PT", "2004-01-27T00:31:00Z"],
    ["Wed, 19 Aug 2009 18:28:00 Etc/GMT", "2009-08-19T18:28:00Z"],
    ["Wed, 19 Aug 2009 18:28:00 Etc/GMT+5", "2009-08-19T23:28:00Z"], // POSIX sign is inverted
    ["Sun Jan  4 16:29:06 2004", "2004-01-04T16:29:06Z"], // asctime
    ["Sun Jul 15 01:16:00 +0000 2012", "2012-07-15T01:16:00Z"],
    ["Di, 14 Mär 2023 08:00:00 +0100", "2023-03-14T07:00:00Z"], // German names
    ["  Tue,\r\n 19 May 2026   12:51:35 GMT \r\n", "2026-05-19T12:51:35Z"], // whitespace inside the element
    ["2018-09-18 14:38:10", "2018-09-18T14:38:10Z"], // no zone means UTC, not machine-local time
    ["2026-08-04", "2026-08-04T00:00:00Z"], // Springer date-only pubDate
    ["2003-12", "2003-12-01T00:00:00Z"],
    ["2007-04-23T23:25:47.538+10:00", "2007-04-23T13:25:47Z"],
    ["2003-02-28T18:14:55-08:00", "2003-03-01T02:14:55Z"], // offset crosses into March
    ["20031231T101455Z", "2003-12-31T10:14:55Z"],
    // Lenient times (issue #16): one-digit minutes and seconds, short offsets, military zones.
    ["Wed, 04 Mar 2015 12:35:9 GMT", "2015-03-04T12:35:09Z"],
    ["Wed, 04 Mar 2015 12:5:09 +0100", "2015-03-04T11:05:09Z"],
    ["Wed, 04 Mar 2015 12:35:09 +00:0", "2015-03-04T12:35:09Z"],
    ["Wed, 04 Mar 2015 12:35:09 +01:5", "2015-03-04T11:30:09Z"], // +01:05, not silently UTC
    ["2015-03-04T12:35:9+00:0", "2015-03-04T12:35:09Z"],
    ["Wed, 04 Mar 2015 12:35:09 Z", "2015-03-04T12:35:09Z"],
    ["Wed, 04 Mar 2015 12:35:09 A", "2015-03-04T12:35:09Z"], // RFC 2822 4.3: military = -0000
    ["Wed, 04 Mar 2015 12:35:09 y", "2015-03-04T12:35:09Z"],
    ["2015-03-04 12:35:09 N", "2015-03-04T12:35:09Z"],
    ["2015-03-04 12:35:09 EST", "2015-03-04T17:35:09Z"],
  ])("%j → %s", (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it.each([
    "",
    "   ",
    "2013-xx-27",
    "Sun, 99 Jun 2009 12:00:00 GMT",
    "Sun, 16 zzz 2012 11:47:32 GMT",
    "Sun, 16 Dec 2012 1:2:3:4 GMT",
    "Thu, 29 Feb 2001 00:00:00 GMT", // not a leap year
    "yesterday",
    "constructor", // no prototype lookups in the name tables
    "Wed, 04 Mar 2015 12:60:09 GMT", // lenient about digits, not about values
    "Wed, 04 Mar 2015 12:35:61 GMT",
    "Wed, 04 Mar 2015 25:35:09 GMT",
    "Wed, 04 Mar 2015 12:35:09 +01:75",
    "Wed, 04 Mar 2015 12:35:09 +0x:00",
    "2015-03-04T12:35:09+00:60",
    "2015-03-04 12:35:09 XYZ", // a zone name nobody defines
  ])("%j → null", (input) => {
    expect(parseDate(input)).toBeNull();
  });
});
