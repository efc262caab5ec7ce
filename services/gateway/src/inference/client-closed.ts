/** Why a request stopped when its client went away: an ending (recorded as 499), not a failure. */
export class ClientClosedError extends Error {
  constructor() {
    super('the client closed the connection');
    this.name = 'ClientClosedError';
  }
}
