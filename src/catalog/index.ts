/**
 * The catalog of miners and AI/HPC deals: types, parsing and validation, loading and merging of
 * override files (in a worker thread when large), derived figures. No VS Code; `readCatalogFile`
 * is the only file access.
 */
export * from './types';
export { parseCatalogText, validateCatalog, formatProblem, fieldPath, lineColumn, isCalendarDate, catalogSchema, type CatalogProblem } from './validate';
export { loadCatalog, mergeCatalogs, readCatalogFile, type LoadedCatalog } from './loader';
export { loadCatalogOffThread, WORKER_THRESHOLD_CHARS, type WorkerLoadOptions } from './workerClient';
export { catalogExposure, exposureEntries, pivotDebtFigures, type CatalogExposureOptions } from './exposure';
export { derivedFigures, backlogStatus, capacityMW, formatUSD, BACKLOG_KINDS, BACKLOG_STAGES, type DerivedFigures } from './derived';

/** Where the shipped catalog and its schema live, relative to the extension (package) root. */
export const CATALOG_PATH = 'media/catalog/catalog.json';
export const CATALOG_SCHEMA_PATH = 'media/catalog/catalog.schema.json';
/** The workspace override file, relative to the workspace folder. */
export const WORKSPACE_CATALOG_PATH = '.hashpivot/catalog.json';
