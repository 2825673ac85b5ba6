/** `node --import tsx workbook-writable-worker.ts` with DATA_FILE set: prints what writableFault answers, as whoever runs it. */
import { writableFault } from "../../lib/data/workbook-writable";

void writableFault().then((fault) => console.log(JSON.stringify(fault ?? null)));
