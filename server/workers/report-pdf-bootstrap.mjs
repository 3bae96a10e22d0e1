// Worker entry: load TypeScript through tsx (as the main process does), then the worker itself.
import { register } from "tsx/esm/api";

register();
await import("./report-pdf-worker.ts");
