/**
 * The floors of DutyBoard, written down (issue 13). From the ground up:
 *   lib/schema → lib/domain → lib/sheets → lib/data, lib/auth, lib/forms → app/
 * A floor imports only floors below it; lib/sheets is entered through lib/sheets/index.ts;
 * the Sheets API emulator imports nothing of the app. `npm run lint` runs this.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "lib-never-imports-app",
      comment: "lib/ is framework-free and below app/: it never imports a page, a component or an action.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^app/" },
    },
    {
      name: "schema-is-the-ground-floor",
      comment: "lib/schema turns cells into typed rows; it imports nothing else of lib/.",
      severity: "error",
      from: { path: "^lib/schema/" },
      to: { path: "^lib/", pathNot: "^lib/schema/" },
    },
    {
      name: "domain-is-pure",
      comment: "lib/domain holds pure rules over typed rows: it imports only lib/schema (no storage, no auth, no env).",
      severity: "error",
      from: { path: "^lib/domain/" },
      to: { path: "^lib/", pathNot: "^lib/(schema|domain)/" },
    },
    {
      name: "sheets-below-data-auth-forms",
      comment: "lib/sheets is storage: it never reaches up into the data layer, authorisation, forms, exports or the dictionaries.",
      severity: "error",
      from: { path: "^lib/sheets/" },
      to: { path: "^lib/(data|auth|forms|export|i18n|state)/" },
    },
    {
      name: "one-door-into-sheets",
      comment: "Outside lib/sheets, the app enters storage through lib/sheets/index.ts only (tools, benchmarks and tests may open a backend directly).",
      severity: "error",
      from: { path: "^(lib|app)/|^(proxy|instrumentation)\\.ts$", pathNot: "^lib/sheets/" },
      to: { path: "^lib/sheets/", pathNot: "^lib/sheets/index\\.ts$" },
    },
    {
      name: "emulator-stands-alone",
      comment: "The Sheets API emulator is its own package: it imports nothing of the app, only itself, Node and its own dependencies.",
      severity: "error",
      from: { path: "^scripts/sheets-emulator/" },
      to: { pathNot: "^scripts/sheets-emulator/|^node_modules/", dependencyTypesNot: ["core"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(\\.next|node_modules|\\.tmp|data|test-results)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
  },
};
