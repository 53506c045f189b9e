/** Bitcoin network economics: the halving schedule, hashrate and hashprice from difficulty, network series. Pure. */
export * from './halving';
export * from './hashprice';
export * from './series';
