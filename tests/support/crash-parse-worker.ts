/** A parse worker entry that exits on bodies holding CRASH_MARK and parses every other body for real. */
import "./crash-hook.ts";
import "../../src/pipeline/parse-worker.ts";
