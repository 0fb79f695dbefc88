/** Entries' text is compressed with lz4 on a server that has it (cheaper to store than pglz). */
import { inject, it } from "vitest";
import { upsertEntries } from "../../../src/store/entries.ts";
import { openTestStore } from "../../support/engines.ts";
import { entry } from "../../support/store.ts";

it("PostgreSQL: article HTML is compressed with lz4 when the server supports it", async (ctx) => {
  if (!inject("postgres")) return ctx.skip(inject("postgresSkip"));
  const db = await openTestStore("postgres");
  const lz4 = await db.get<{ ok: boolean }>(
    "SELECT count(*) > 0 AS ok FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)",
  );
  if (!lz4?.ok) return ctx.skip("this server has no lz4 (it keeps pglz)");
  const html = `<p>${"The same paragraph of a long article, again and again. ".repeat(200)}</p>`;
  // Several batches at once, so that more than one pooled connection stores some.
  await Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      upsertEntries(db, [
        entry({ feedId: `f${i}`, title: `Long ${i}`, published: "2026-01-10T00:00:00Z", contentHtml: html }),
      ]),
    ),
  );
  const rows = await db.all<{ c: string | null }>(
    "SELECT pg_column_compression(content_html) AS c FROM entries",
  );
  ctx.expect(rows.map((r) => r.c)).toEqual(Array(6).fill("lz4"));
});
