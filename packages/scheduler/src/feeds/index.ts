export { CSV_FORMATS, PriceCsvError, parsePriceCsv, type TCsvFormat, type TParsedSeries, type TPriceKind, type TSeriesSpec } from "./csv";
export { cheapestQuotes, seedDemoJobs } from "./demo-jobs";
export { FeedError, type PriceFeedAdapter, type TFetch } from "./http/adapter";
export { bitcoinHashpriceFeed, hashpriceUsdPerThDay, subsidyBtc } from "./http/bitcoin-hashprice";
export { adapterFor, pollHttpFeeds } from "./http/poll";
export { seedReplayMarket } from "./replay";
export { shiftSeries, storePriceSeries } from "./store";
