/**
 * A mock built from the real class: every method of its prototype chain becomes a jest.fn, so
 * a renamed or removed method breaks the test instead of silently passing.
 */
export type Mocked<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? jest.Mock<R, A> : T[K] };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any constructor signature
export function mockOf<T extends object>(cls: abstract new (...args: any[]) => T): Mocked<T> & T {
  const mock: Record<string, unknown> = {};
  for (let proto = cls.prototype as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || name in mock) continue;
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (descriptor && typeof descriptor.value === 'function') mock[name] = jest.fn();
    }
  }
  return mock as Mocked<T> & T;
}
