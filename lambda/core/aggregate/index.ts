/** Window aggregates: additive per-bucket aggregates, their merge, and coarser and sliding windows. */
export * from './blocks';
export * from './bucket-aggregate';
export * from './buckets';
export * from './compact';
export * from './counts';
export * from './extreme';
export * from './json';
export * from './resample';
export * from './rollup';
export * from './sliding';
export * from './stats';
export * from './two-stack-window';
export { MAX_POINTS } from './arg-checks';
