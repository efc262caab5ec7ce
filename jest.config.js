// One Jest run for the whole monorepo. Tiers are told apart by file suffix:
//   *.spec.ts      unit: no infrastructure, adapters replaced
//   *.int-spec.ts  integration: real Postgres, NATS JetStream, Temporal (started by infra/local)
//   *.e2e-spec.ts  end to end: services started as processes
const fs = require('node:fs');
const path = require('node:path');

const swcrc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
delete swcrc.$schema;

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleNameMapper: {
    '^@ironcage/(contracts|bus|kit|testing)$': '<rootDir>/libs/$1/src/index.ts',
  },
  modulePathIgnorePatterns: ['<rootDir>/.data/', '<rootDir>/services/.*/dist/', '<rootDir>/libs/.*/dist/'],
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  reporters: ['default', '<rootDir>/tools/jest/summary-reporter.js'],
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{libs,services,tools}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,services,tests}/**/*.int-spec.ts', '<rootDir>/tests/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/tools/jest/integration-setup.js'],
    },
  ],
};
