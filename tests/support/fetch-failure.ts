/** The FetchError a fetch ends with; anything else (success, another error) fails the test. */
import { FetchError } from "../../src/reader/http/fetch.ts";

export async function failure(p: Promise<unknown>): Promise<FetchError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof FetchError) return err;
    throw err;
  }
  throw new Error("expected the fetch to fail");
}
