import { Limiter } from './limiter';

describe('Limiter', () => {
  it('lets at most max holders in and queues the rest in order', async () => {
    const limiter = new Limiter(2);
    const order: number[] = [];
    await limiter.acquire();
    await limiter.acquire();
    const third = limiter.acquire().then(() => order.push(3));
    const fourth = limiter.acquire().then(() => order.push(4));
    expect(limiter.inFlight).toBe(2);
    limiter.release();
    await third;
    limiter.release();
    await fourth;
    expect(order).toEqual([3, 4]);
    expect(limiter.inFlight).toBe(2);
  });

  it('reports idle once every holder has released', async () => {
    const limiter = new Limiter(1);
    await limiter.acquire();
    const idle = limiter.idle(1000);
    setTimeout(() => limiter.release(), 10);
    await expect(idle).resolves.toBe(true);
  });

  it('gives up waiting for idle after the timeout', async () => {
    const limiter = new Limiter(1);
    await limiter.acquire();
    await expect(limiter.idle(10)).resolves.toBe(false);
  });

  it('refuses a concurrency below one', () => {
    expect(() => new Limiter(0)).toThrow('positive integer');
  });
});
