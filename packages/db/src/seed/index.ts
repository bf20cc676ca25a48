/** Seed helpers for scripts and tests (they read the hardware catalogue from disk: not for the web bundle). */
export { seedCatalogue } from "./catalogue";
export { DEMO_SITES, demoRigs, issueDemoEnrollmentTokens, seedDemoSites, type TDemoRig } from "./demo-farm";
export { ensureUser } from "./users";
