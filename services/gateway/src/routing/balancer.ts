import type { RoutingStrategy } from '../catalogue/catalogue.schema';
import type { RoutedDeployment } from '../catalogue/model-catalogue';

/** How many calls are in flight on a deployment (least-busy routing reads it). */
export type InFlight = (deployment: RoutedDeployment) => number;

/**
 * The order in which a model's deployments are tried. `weighted`: a weighted random order
 * (Efraimidis–Spirakis: the first pick follows the weights, and so does each next one among the
 * rest). `least-busy`: fewest calls in flight first, ties in weighted random order. Deployments
 * of weight 0 are fallbacks only: they come last, in catalogue order.
 */
export function orderDeployments(deployments: readonly RoutedDeployment[], strategy: RoutingStrategy, inFlight: InFlight, random: () => number = Math.random): RoutedDeployment[] {
  const keyed: { d: RoutedDeployment; busy: number; key: number }[] = [];
  const spare: RoutedDeployment[] = [];
  for (const d of deployments) {
    if (d.weight > 0) keyed.push({ d, busy: strategy === 'least-busy' ? inFlight(d) : 0, key: Math.pow(random(), 1 / d.weight) });
    else spare.push(d);
  }
  keyed.sort((a, b) => a.busy - b.busy || b.key - a.key);
  const out = keyed.map((k) => k.d);
  for (const d of spare) out.push(d);
  return out;
}
