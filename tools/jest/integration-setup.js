// Integration and end-to-end tests talk to real infrastructure and start processes.
jest.setTimeout(60_000);
