export { CSV_FORMATS, PriceCsvError, parsePriceCsv, type TCsvFormat, type TParsedSeries, type TPriceKind, type TSeriesSpec } from "./csv";
export { cheapestQuotes, seedDemoJobs } from "./demo-jobs";
export { seedReplayMarket } from "./replay";
export { shiftSeries, storePriceSeries } from "./store";
