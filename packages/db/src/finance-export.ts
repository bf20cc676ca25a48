// Entry point of the finance file writers (exceljs, pdfkit): for the export worker and scripts,
// never the web bundle. The web app imports the web-safe verbs from "@rigshift/db".
export { CONTENT_TYPES, exportLedgerFile, type TExportFormat } from "./finance/export-ledger";
export { writePdf } from "./finance/export-pdf";
export { ROWS_PER_SHEET, writeXlsx } from "./finance/export-xlsx";
export { EXPORT_KEEP_DAYS, purgeExports } from "./finance/purge-exports";
export { runExportJob } from "./finance/run-export-job";
