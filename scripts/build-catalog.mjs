#!/usr/bin/env node
// Builds the catalog shipped with Hashpivot (media/catalog/catalog.json) from the researched
// reference facts (fixtures/reference/ai_mining_facts.json, see its README) and the fleet facts
// (fixtures/reference/miner_fleet_facts.json, see miner_fleet_facts.md), and copies both READMEs
// into media/catalog/ORIGIN.md under a header saying where the catalog comes from.
//
//   node scripts/build-catalog.mjs [--facts FILE] [--fleet FILE] [--out DIR] [--check]
//
// Plain Node (node:* only). Deterministic: the same input gives byte-identical output (no
// wall-clock time). --check builds in memory and exits 1 if the files on disk differ.
//
// What it does to the reference (everything else is copied as is):
// * Figures (USD amounts, MW, terms, capacities), dates, confidences, notes, `unconfirmed` lists
//   and every source are copied exactly; null + note stays null + note.
// * `companies` become `miners`; the `context` section (market and hardware background, not miners
//   or deals) is not carried over.
// * Each record gets `asOf` (the newest date among its sources, debt-raise sources included, else
//   the file's asOf) and keeps its `confidence`.
// * Deals get `provider` = the ticker of the company whose dealIds list them (the reference's
//   provider text moves to `providerName`), `kind` (from the reference's `type`, which is kept) and
//   `stage` (from the reference's `status`, which is kept): see KIND_RULES and STAGE_RULES.
// * Debt raises get `pivotRelated` (yes | no | unclear) with a `pivotRelatedNote`, from the explicit
//   judgement table PIVOT_DEBT below (keyed by ticker and position, checked against the instrument).
// * Normalisations that keep the original text in a note: an exchange written "TSX (…)" becomes
//   "TSX" with the remark in `exchangesNote`; a headquarters "not in retrieved sources…" becomes
//   null with the text in `headquartersNote`; a debt date that is not a date ("2024-12 / 2025-02")
//   becomes the later date with the original in `dateNote`; a deal whose value and value note are
//   both null gets valueNote "No value disclosed in the retrieved sources." (a build note).
// * The README's "Not confirmed" bullets become the catalog-wide `unconfirmed` list.
// * Deals with a MW figure get `mwBasisKind` (critical-it | gross | unknown) with a
//   `mwBasisKindNote`, from the explicit judgement table MW_BASIS below (keyed by deal id, checked
//   against the start of the reference's `mwBasis`).
// * Deals get `counterpartyEntity` and `endUserEntity` (one canonical name per company, e.g.
//   "Amazon" for Amazon Web Services / AWS; null when undisclosed, unnamed or none) with a
//   `…EntityNote` where the identification needs one, from the judgement table ENTITIES (keyed by
//   deal id, checked against the start of the reference's text, which must also name the entity).
// * Deals get `backstops` (guarantor, amountUSD or null, covers, quote, note) from the judgement
//   table BACKSTOPS: each quote must be a substring of the deal's `counterpartyBacker`, the
//   guarantor named in it, a disclosed amount one of the quote's dollar amounts; a backer text
//   saying there is none ("n/a (hyperscaler is the direct tenant)") gives []. The build fails
//   otherwise, and when a deal has a backer text the table does not judge.
// * Fleet facts (--fleet): each company's six facts become the miner's `fleet` object. Values,
//   asOf / period texts, confidences, notes, units, metrics and bases are copied exactly (null
//   stays null; a test compares every value with the reference). Source dates that are not dates
//   ("2025-11-25 (approx.)", "unknown") become the leading date (or null) with the text as given in
//   the source's `note`; a source URL followed by words ("https://fintool.com (… URL not shown)")
//   keeps only the URL, the text as given in the note. The file's `context` section (block
//   subsidy, ASIC efficiency, hashprice values) is not carried over.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const opts = {
    facts: path.resolve(root, 'fixtures/reference/ai_mining_facts.json'),
    fleet: path.resolve(root, 'fixtures/reference/miner_fleet_facts.json'),
    out: path.resolve(root, 'media/catalog'),
    check: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--facts') opts.facts = path.resolve(next());
    else if (a === '--fleet') opts.fleet = path.resolve(next());
    else if (a === '--out') opts.out = path.resolve(next());
    else if (a === '--check') opts.check = true;
    else if (a === '--help' || a === '-h') {
      console.log('usage: node scripts/build-catalog.mjs [--facts FILE] [--fleet FILE] [--out DIR] [--check]');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return opts;
}

// ---------------------------------------------------------------- judgement tables

/** Deal kind from the reference's free-text `type`; the first matching rule wins. */
const KIND_RULES = [
  [/^M&A\b|\bacquisition\b/i, 'acquisition'],
  [/letter of intent/i, 'letter-of-intent'],
  [/development plan/i, 'development-plan'],
  [/joint venture/i, 'joint-venture'],
  [/colocation/i, 'colocation'],
  [/GPU|cloud|as-a-Service/i, 'cloud-services'],
  [/lease/i, 'lease'],
];

/** Deal stage from the reference's free-text `status`; the first matching rule wins. */
const STAGE_RULES = [
  [/^terminated|\bfailed\b|voted down|did not approve/i, 'terminated'],
  [/^closed\b/i, 'closed'],
  [/^LOI\b/, 'loi'],
  [/^signed but not yet effective/i, 'conditional'],
  [/energized/i, 'energized'],
  [/^operating\b/i, 'operating'],
  [/^contracted\b/i, 'contracted'],
  [/^announced\b/i, 'planned'],
];

/**
 * Whether each debt raise funds the AI/HPC pivot. Key: TICKER#index in the reference's
 * debtRaises; `instrument` must start with the given text (so a changed reference fails loudly).
 * yes: the stated purpose includes the AI/HPC build-out. no: not for the pivot, or not debt.
 * unclear: purpose not stated or general, or the raise itself is not confirmed.
 */
const PIVOT_DEBT = {
  'CORZ#0': ['convertible senior notes (2024)', 'unclear', 'Purpose not stated in the source; low confidence.'],
  'CLSK#0': [
    '0% convertible senior notes due 2032',
    'yes',
    'Stated uses include data-center development (also a ~$460M share buyback and repaying bitcoin-backed credit lines).',
  ],
  'CLSK#1': ['0% convertible senior notes due 2030', 'unclear', 'Purpose not stated in the source.'],
  'BITF#0': ['Macquarie private debt facility', 'yes', 'Panther Creek HPC/AI data center.'],
  'BITF#1': ['1.375% convertible senior notes due 2031', 'yes', 'Stated uses include the HPC/AI build-out.'],
  'IREN#0': ['3.50% convertible senior notes due 2029', 'unclear', 'General corporate purposes.'],
  'IREN#1': ['convertible senior notes due 2031', 'unclear', 'General corporate purposes.'],
  'IREN#2': ['convertible notes: $1B 0.25% due 2032', 'yes', 'AI cloud expansion.'],
  'IREN#3': ['proposed convertible notes', 'unclear', 'Proposed, single blog source, date unknown: not confirmed.'],
  'WULF#0': ['convertible senior notes due 2031', 'yes', 'Data-center expansion.'],
  'WULF#1': ['senior secured notes (Rule 144A), Lake Mariner', 'yes', 'Lake Mariner HPC build-out for Fluidstack.'],
  'WULF#2': ['Abernathy JV project financing', 'yes', 'Abernathy HPC facility (amount not disclosed).'],
  'MARA#0': ['0.00% convertible senior notes due 2032', 'no', 'Stated purpose is not AI-specific (repurchase of 2026 converts, bitcoin, general corporate).'],
  'HUT#0': [
    'liquidity plan for development pipeline',
    'no',
    "Not a single debt issue: credit facilities plus a $1B at-the-market equity program; the reference lists Hut 8's pivot-specific debt as not confirmed.",
  ],
  'HUT#1': ['River Bend project-level construction debt', 'yes', 'River Bend build-out (expected; amount not disclosed).'],
  'CIFR#0': ['0.00% convertible senior notes due 2031', 'yes', 'Barber Lake construction and HPC pipeline.'],
  'CIFR#1': ['7.125% senior secured notes due 2030 (Cipher Compute LLC)', 'yes', 'Barber Lake HPC data center construction.'],
  'CIFR#2': ['7.125% senior secured notes due 2030 add-on', 'yes', 'Barber Lake Phase II.'],
  'HIVE#0': ['capital raise (instrument not specified)', 'unclear', 'Not confirmed as debt (instrument and currency not stated).'],
  'BTDR#0': ['4.00% convertible senior notes due 2031', 'yes', 'Stated uses include data-center expansion and HPC/AI cloud growth.'],
  'BTDR#1': ['convertible senior notes due 2032', 'yes', 'Stated uses include data-center expansion and AI cloud growth (date not in the source).'],
  'BTDR#2': ['5.25% convertible senior notes due 2029', 'unclear', 'Purpose not stated in the source.'],
  'APLD#0': ['9.250% senior secured notes due 2030', 'yes', 'Polaris Forge 1 construction.'],
  'APLD#1': ['6.750% senior secured notes due 2031', 'yes', 'Polaris Forge 2.'],
  'APLD#2': ['Macquarie Equipment Capital debt financing', 'unclear', "Purpose given only as 'expansion'."],
  'GLXY#0': [
    'Helios project financing facility',
    'yes',
    'Helios phase-1 build-out for CoreWeave (whether $1.4B is the debt or debt plus equity is not confirmed).',
  ],
};

/**
 * What each deal's `mw` measures. Key: deal id; the reference's `mwBasis` must start with the
 * given text (so a changed reference fails loudly). The reference README says "`mw` means critical
 * IT load unless `mwBasis` says otherwise", but where mwBasis names no basis and another source
 * contradicts the convention, the judgement is `unknown`.
 */
const MW_BASIS = {
  'iren-microsoft-2025': ['critical IT load', 'critical-it', 'mwBasis: critical IT load.'],
  'wulf-fluidstack-lake-mariner-2025': ['>200 MW critical IT', 'critical-it', 'mwBasis: critical IT (~250 MW gross).'],
  'wulf-fluidstack-cb5-2025': ['incremental critical IT load', 'critical-it', 'mwBasis: incremental critical IT load.'],
  'wulf-fluidstack-abernathy-jv-2025': ['critical IT load', 'critical-it', 'mwBasis: critical IT load (up to 240 MW gross).'],
  'corz-coreweave-colocation': ['critical IT load', 'critical-it', 'mwBasis: critical IT load (approx.).'],
  'corz-coreweave-acquisition-2025': ['gross power capacity', 'gross', 'mwBasis: gross power capacity.'],
  'cifr-aws-2025': [
    'capacity delivered in two phases',
    'unknown',
    "mwBasis names no basis; by the reference's convention mw is critical IT, but the fleet facts (CIFR powerMW note, an AI-generated call summary) call it '300 MW gross'.",
  ],
  'cifr-fluidstack-barber-lake-2025': ['critical IT load', 'critical-it', 'mwBasis: critical IT load (244 MW gross).'],
  'hut-fluidstack-anthropic-river-bend-2025': ['IT capacity', 'critical-it', 'mwBasis: IT capacity (≈330 MW utility power).'],
  'apld-coreweave-polaris-forge-1': ['critical IT load', 'critical-it', 'mwBasis: critical IT load.'],
  'apld-hyperscaler-polaris-forge-2-2025': ['critical IT load', 'critical-it', 'mwBasis: critical IT load.'],
  'glxy-coreweave-helios': ['approved power capacity', 'gross', 'mwBasis: approved power capacity (the component critical-IT leases sum to 526 MW, computed).'],
  'riot-amd-rockdale-2026': ['critical IT load', 'critical-it', 'mwBasis: critical IT load.'],
  'mara-mplx-loi-2025': ['initial gas-fired generation capacity', 'gross', 'mwBasis: generation capacity.'],
  'bitf-hpc-conversion-plans': ['Washington site gross capacity', 'gross', 'mwBasis: site gross capacity.'],
  'clsk-ai-data-center-plans': ['long-term power contracts', 'gross', 'mwBasis: contracted power.'],
  'hive-gta-ai-gigafactory-2026': ['utility power allocation', 'gross', 'mwBasis: utility power allocation.'],
  'btdr-tydal-colocation-2026': ['AI data-center capacity', 'unknown', 'mwBasis names no basis (critical IT by the reference convention, not confirmed).'],
};

/**
 * Who each deal's counterparty and end user are, as one canonical entity name per company (the
 * exposure model groups by it): `[text, entity, note?]` for `counterparty` and `endUser`. Key: deal
 * id; every deal is listed. The reference's text must start with `text` (null: the text is null),
 * and the entity (or one of its ENTITY_ALIASES) must appear in the text, so a changed reference
 * or an identification the text does not support fails loudly. `null`: undisclosed, unnamed or
 * none — each undisclosed counterparty stays its own unknown (the model never merges two).
 */
const ENTITIES = {
  'iren-microsoft-2025': { counterparty: ['Microsoft', 'Microsoft'], endUser: ['Microsoft (Azure)', 'Microsoft', "Azure is Microsoft's cloud."] },
  'iren-ai-cloud-3.4b': {
    counterparty: ['undisclosed', null, 'Undisclosed customer: an unknown of its own, not merged with any other.'],
    endUser: [null, null],
  },
  'wulf-fluidstack-lake-mariner-2025': { counterparty: ['Fluidstack', 'Fluidstack'], endUser: [null, null] },
  'wulf-fluidstack-cb5-2025': { counterparty: ['Fluidstack', 'Fluidstack'], endUser: [null, null] },
  'wulf-fluidstack-abernathy-jv-2025': { counterparty: ['Fluidstack', 'Fluidstack'], endUser: [null, null] },
  'corz-coreweave-colocation': {
    counterparty: ['CoreWeave', 'CoreWeave'],
    endUser: ['Muskogee site hosts CoreWeave GPUs', null, 'Unnamed: the Muskogee site hosts CoreWeave GPUs for an undisclosed client.'],
  },
  'corz-coreweave-acquisition-2025': {
    counterparty: ['CoreWeave (acquirer)', 'CoreWeave', 'The acquirer in the failed merger, not a tenant.'],
    endUser: [null, null],
  },
  'cifr-aws-2025': {
    counterparty: ['Amazon Web Services', 'Amazon', "Amazon Web Services is Amazon's cloud unit."],
    endUser: ['AWS', 'Amazon', "AWS is Amazon's cloud unit."],
  },
  'cifr-fluidstack-barber-lake-2025': { counterparty: ['Fluidstack', 'Fluidstack'], endUser: [null, null] },
  'hut-fluidstack-anthropic-river-bend-2025': { counterparty: ['Fluidstack', 'Fluidstack'], endUser: ['Anthropic', 'Anthropic'] },
  'hut-highrise-gpuaas-2024': {
    counterparty: ['undisclosed AI cloud developer', null, 'Undisclosed AI cloud developer: an unknown of its own, not merged with any other.'],
    endUser: [null, null],
  },
  'apld-coreweave-polaris-forge-1': { counterparty: ['CoreWeave', 'CoreWeave'], endUser: [null, null] },
  'apld-hyperscaler-polaris-forge-2-2025': {
    counterparty: [
      'U.S.-based investment-grade hyperscaler (identified as Oracle',
      'Oracle',
      "Medium confidence: the company names the tenant only as a U.S.-based investment-grade hyperscaler; Oracle is the identification of AI-written summaries of 2026 8-K filings (see the deal's notes).",
    ],
    endUser: [null, null],
  },
  'glxy-coreweave-helios': {
    counterparty: ['CoreWeave', 'CoreWeave'],
    endUser: ["undisclosed 'multi-trillion dollar investment-grade public company'", null, 'Unnamed: an investment-grade public company, per Galaxy.'],
  },
  'riot-amd-rockdale-2026': { counterparty: ['AMD', 'AMD'], endUser: ['AMD', 'AMD'] },
  'mara-exaion-2025': {
    counterparty: [
      'EDF Pulse Ventures (seller)',
      'EDF',
      "The seller, EDF Pulse Ventures (EDF's venture arm); NJJ Capital, which takes 10% of MARA France, is a co-investor, not the counterparty.",
    ],
    endUser: [null, null],
  },
  'mara-mplx-loi-2025': { counterparty: ['MPLX LP', 'MPLX'], endUser: [null, null] },
  'bitf-hpc-conversion-plans': {
    counterparty: [
      'undisclosed U.S. publicly traded data-center infrastructure provider',
      null,
      "The $128M supply agreement's counterparty is undisclosed; T5 Data Centers (development partner) and Macquarie (financing) are named partners, not the counterparty.",
    ],
    endUser: [null, null],
  },
  'clsk-ai-data-center-plans': {
    counterparty: ['Submer (liquid-cooling partnership); no tenant', 'Submer', 'A liquid-cooling partner, not a tenant (no tenant contract).'],
    endUser: [null, null],
  },
  'hive-gta-ai-gigafactory-2026': { counterparty: [null, null, 'No counterparty: a development plan.'], endUser: [null, null] },
  'btdr-tydal-colocation-2026': {
    counterparty: ['undisclosed', null, 'Undisclosed counterparty: an unknown of its own, not merged with any other.'],
    endUser: [null, null],
  },
};

/** Other names an entity goes by in the reference's texts (the entity's own name always counts). */
const ENTITY_ALIASES = { Amazon: ['AWS', 'Amazon Web Services'], Microsoft: ['Azure'] };

/**
 * Who backs each deal's counterparty, from its `counterpartyBacker` text. Key: deal id; every deal
 * with a backer text is listed: a list of backstops, or `{ none: text }` when the text says there
 * is no backstop (it must equal the text). Each backstop's `quote` must be a substring of the
 * deal's `counterpartyBacker`, its guarantor must be named in that text, and a disclosed
 * `amountUSD` must be one of the dollar amounts of the quote (an undisclosed one: the quote gives
 * none), so the build fails when the reference changes or a figure is not in its words.
 */
const BACKSTOPS = {
  'wulf-fluidstack-lake-mariner-2025': [
    {
      guarantor: 'Google',
      amountUSD: 1_800_000_000,
      covers: "Fluidstack's lease obligations at Lake Mariner (CB-3/CB-4)",
      quote: 'backstop $1.8B of Fluidstack lease obligations',
    },
  ],
  'wulf-fluidstack-cb5-2025': [
    {
      guarantor: 'Google',
      amountUSD: 1_400_000_000,
      covers: "Fluidstack's lease obligations for the CB-5 expansion",
      quote: 'incremental $1.4B backstop',
      note: "Incremental: the text's ~$3.2B total is this $1.4B plus the $1.8B of the Lake Mariner CB-3/CB-4 leases, not a further amount (not counted again).",
    },
  ],
  'wulf-fluidstack-abernathy-jv-2025': [
    {
      guarantor: 'Google',
      amountUSD: 1_300_000_000,
      covers: "Fluidstack's long-term lease obligations to the Abernathy JV",
      quote: "backs ~$1.3B of Fluidstack's long-term lease obligations",
      note: 'Approximate (~$1.3B).',
    },
  ],
  'cifr-aws-2025': { none: 'n/a (hyperscaler is the direct tenant)' },
  'cifr-fluidstack-barber-lake-2025': [
    {
      guarantor: 'Google',
      amountUSD: 1_400_000_000,
      covers: "Fluidstack's lease obligations at Barber Lake",
      quote: 'backstops $1.4B of Fluidstack lease obligations',
    },
  ],
  'hut-fluidstack-anthropic-river-bend-2025': [
    {
      guarantor: 'Google',
      amountUSD: null,
      covers: "Fluidstack's lease payments and certain pass-through obligations for the base term",
      quote: 'financial backstop of lease payments and certain pass-through obligations for the base term',
      note: 'Amount not disclosed.',
    },
  ],
};

const DATE_RE = /^\d{4}-\d{2}(-\d{2})?$/;
/** Source dates may also be a bare year (one reference source is dated "2024"). */
const SOURCE_DATE_RE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

// ---------------------------------------------------------------- helpers

/** Reads the keys of `obj` one by one, and fails if any key is left unread (nothing is dropped silently). */
function reader(obj, where) {
  const left = new Set(Object.keys(obj));
  return {
    take(key) {
      left.delete(key);
      return obj[key];
    },
    has: (key) => Object.prototype.hasOwnProperty.call(obj, key),
    done() {
      if (left.size) throw new Error(`${where}: unmapped field(s) ${[...left].join(', ')}`);
    },
  };
}

/** An object without its undefined values (key order kept). */
function compact(o) {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** The newest YYYY-MM(-DD) date (bare years are too coarse for an as-of date), else the fallback. */
function newest(dates, fallback) {
  const ds = dates.filter((d) => typeof d === 'string' && DATE_RE.test(d)).sort();
  return ds.length ? ds[ds.length - 1] : fallback;
}

function mapSource(s, where) {
  const r = reader(s, where);
  const out = compact({
    title: r.take('title'),
    url: r.take('url'),
    publisher: r.take('publisher'),
    date: r.take('date'),
    titleBasis: r.take('titleBasis'),
    dateBasis: r.take('dateBasis'),
  });
  r.done();
  if (out.date !== null && out.date !== undefined && !SOURCE_DATE_RE.test(out.date)) throw new Error(`${where}: source date "${out.date}" is not a date`);
  return out;
}

function classify(rules, text, where) {
  for (const [re, value] of rules) if (re.test(text)) return value;
  throw new Error(`${where}: no rule classifies "${text}"`);
}

function mapDebt(d, ticker, i) {
  const where = `${ticker} debtRaises[${i}]`;
  const r = reader(d, where);
  const judgement = PIVOT_DEBT[`${ticker}#${i}`];
  const instrument = r.take('instrument');
  if (!judgement) throw new Error(`${where}: not in PIVOT_DEBT`);
  if (!instrument.startsWith(judgement[0])) throw new Error(`${where}: PIVOT_DEBT expects "${judgement[0]}…", the reference has "${instrument}"`);
  let date = r.take('date');
  let dateNote;
  if (typeof date === 'string' && !DATE_RE.test(date)) {
    const parts = date.match(/\d{4}-\d{2}(-\d{2})?/g);
    if (!parts) throw new Error(`${where}: cannot read date "${date}"`);
    dateNote = `Reference date "${date}"; the later date is used.`;
    date = parts.sort().at(-1);
  }
  const out = compact({
    instrument,
    amountUSD: r.take('amountUSD'),
    coupon: r.take('coupon'),
    maturity: r.take('maturity'),
    date,
    dateNote,
    purpose: r.take('purpose'),
    pivotRelated: judgement[1],
    pivotRelatedNote: judgement[2],
    confidence: r.take('confidence'),
    sources: r.take('sources').map((s, k) => mapSource(s, `${where}.sources[${k}]`)),
    notes: r.take('notes'),
  });
  r.done();
  return out;
}

function mapExchanges(list) {
  const names = [];
  const notes = [];
  for (const e of list) {
    const m = /^(\S+) \((.+)\)$/.exec(e);
    if (m) {
      names.push(m[1]);
      notes.push(`${m[1]}: ${m[2]}`);
    } else names.push(e);
  }
  return { exchanges: names, exchangesNote: notes.length ? notes.join('; ') : undefined };
}

function mapCompany(c, fileAsOf) {
  const where = `company ${c.ticker}`;
  const r = reader(c, where);
  const ticker = r.take('ticker');
  const { exchanges, exchangesNote } = mapExchanges(r.take('exchanges'));
  let headquarters = r.take('headquarters');
  let headquartersNote;
  if (typeof headquarters === 'string' && /^not in retrieved sources/i.test(headquarters)) {
    headquartersNote = headquarters;
    headquarters = null;
  }
  const tpc = r.take('totalPowerCapacity');
  const debtRaises = r.take('debtRaises').map((d, i) => mapDebt(d, ticker, i));
  const sources = r.take('sources').map((s, k) => mapSource(s, `${where}.sources[${k}]`));
  const allDates = [...sources, ...debtRaises.flatMap((d) => d.sources)].map((s) => s.date);
  const out = compact({
    ticker,
    name: r.take('name'),
    formerName: r.take('formerName'),
    exchanges,
    exchangesNote,
    country: r.take('country'),
    headquarters,
    headquartersNote,
    pivotStatus: r.take('pivotStatus'),
    pivotStatusDetail: r.take('pivotStatusDetail'),
    contractedHpcMW: r.take('contractedHpcMW'),
    contractedHpcMWNote: r.take('contractedHpcMWNote'),
    totalPowerCapacity: tpc === null ? null : compact({ value: tpc.value, unit: tpc.unit, basis: tpc.basis, confidence: tpc.confidence }),
    totalPowerCapacityNote: r.take('totalPowerCapacityNote'),
    debtRaises,
    debtRaisesNote: r.take('debtRaisesNote'),
    dealIds: r.take('dealIds'),
    asOf: newest(allDates, fileAsOf),
    confidence: r.take('confidence'),
    unconfirmed: r.take('unconfirmed'),
    sources,
  });
  r.done();
  if (tpc && Object.keys(tpc).some((k) => !['value', 'unit', 'basis', 'confidence'].includes(k)))
    throw new Error(`${where}: unmapped totalPowerCapacity field`);
  return out;
}

/** The dollar amounts written in a text: `$1.8B`, `~$1.3B`, `$430M`, `$2.5 billion` (in USD). */
export function dollarAmounts(text) {
  const mult = { b: 1e9, bn: 1e9, billion: 1e9, m: 1e6, mn: 1e6, million: 1e6 };
  return [...text.matchAll(/\$\s?(\d+(?:\.\d+)?)\s?(bn|billion|b|mn|million|m)\b/gi)].map((m) => Math.round(Number(m[1]) * mult[m[2].toLowerCase()]));
}

const mentions = (text, entity) => [entity, ...(ENTITY_ALIASES[entity] ?? [])].some((n) => text.toLowerCase().includes(n.toLowerCase()));

/**
 * A deal's `counterparty` or `endUser` text against its ENTITIES judgement `[text, entity, note?]`:
 * `{ entity, note }`, or an error naming the deal when the text does not start with the judgement's
 * or does not name the entity.
 */
export function checkEntity(where, field, text, judgement) {
  if (!Array.isArray(judgement)) throw new Error(`${where}: no ENTITIES judgement for ${field}`);
  const [expected, entity, note] = judgement;
  if (expected === null) {
    if (text !== null && text !== undefined) throw new Error(`${where}: ENTITIES expects ${field} null, the reference has "${text}"`);
    if (entity !== null) throw new Error(`${where}: ENTITIES names ${field} entity "${entity}" for a null ${field}`);
    return { entity: null, note };
  }
  if (typeof text !== 'string' || !text.startsWith(expected))
    throw new Error(`${where}: ENTITIES expects ${field} "${expected}…", the reference has ${text === null || text === undefined ? 'null' : `"${text}"`}`);
  if (entity !== null && !mentions(text, entity))
    throw new Error(`${where}: ENTITIES names ${field} entity "${entity}", which the text "${text}" does not name`);
  return { entity, note };
}

/**
 * A deal's backstops from its `counterpartyBacker` text and its BACKSTOPS judgement: each quote a
 * substring of the text, each guarantor named in it, each disclosed amount one of the quote's dollar
 * amounts (an undisclosed one: the quote has none). No text: no judgement allowed, no backstops.
 */
export function checkBackstops(where, text, judgement) {
  if (text === null || text === undefined) {
    if (judgement !== undefined) throw new Error(`${where}: in BACKSTOPS but its counterpartyBacker is null`);
    return [];
  }
  if (judgement === undefined) throw new Error(`${where}: counterpartyBacker "${text}" is not in BACKSTOPS`);
  if (!Array.isArray(judgement)) {
    if (judgement.none !== text) throw new Error(`${where}: BACKSTOPS says no backstop for "${judgement.none}", the reference has "${text}"`);
    return [];
  }
  if (judgement.length === 0) throw new Error(`${where}: BACKSTOPS lists no backstop; write { none: text } when the text names none`);
  return judgement.map((b, i) => {
    const at = `${where} backstop ${i} (${b.guarantor})`;
    for (const k of ['guarantor', 'covers', 'quote']) if (typeof b[k] !== 'string' || b[k] === '') throw new Error(`${at}: ${k} must be a text`);
    if (!text.includes(b.quote)) throw new Error(`${at}: quote "${b.quote}" is not in the counterpartyBacker text "${text}"`);
    if (!mentions(text, b.guarantor)) throw new Error(`${at}: the counterpartyBacker text "${text}" does not name the guarantor`);
    const amounts = dollarAmounts(b.quote);
    if (b.amountUSD === null) {
      if (amounts.length) throw new Error(`${at}: amountUSD is null but the quote gives ${amounts.join(', ')}`);
    } else if (typeof b.amountUSD !== 'number' || !amounts.includes(b.amountUSD))
      throw new Error(`${at}: amount ${b.amountUSD} is not in the quote "${b.quote}" (its amounts: ${amounts.join(', ') || 'none'})`);
    return compact({ guarantor: b.guarantor, amountUSD: b.amountUSD, covers: b.covers, quote: b.quote, note: b.note });
  });
}

function mapDeal(d, providerTicker, fileAsOf) {
  const where = `deal ${d.id}`;
  const r = reader(d, where);
  const type = r.take('type');
  const status = r.take('status');
  const valueUSD = r.take('valueUSD');
  let valueNote = r.take('valueNote');
  if (valueUSD === null && valueNote === null) valueNote = 'No value disclosed in the retrieved sources.';
  const sources = r.take('sources').map((s, k) => mapSource(s, `${where}.sources[${k}]`));
  const mwBasisText = d.mwBasis;
  let mwBasisKind;
  let mwBasisKindNote;
  if (d.mw !== null && d.mw !== undefined) {
    const judgement = MW_BASIS[d.id];
    if (!judgement) throw new Error(`${where}: not in MW_BASIS`);
    if (typeof mwBasisText !== 'string' || !mwBasisText.startsWith(judgement[0]))
      throw new Error(`${where}: MW_BASIS expects mwBasis "${judgement[0]}…", the reference has "${mwBasisText}"`);
    [, mwBasisKind, mwBasisKindNote] = judgement;
  } else if (MW_BASIS[d.id]) throw new Error(`${where}: in MW_BASIS but its mw is null`);
  const counterparty = r.take('counterparty');
  const counterpartyBacker = r.take('counterpartyBacker');
  const endUser = r.take('endUser');
  const entities = ENTITIES[d.id];
  if (!entities) throw new Error(`${where}: not in ENTITIES`);
  const cp = checkEntity(where, 'counterparty', counterparty, entities.counterparty);
  const eu = checkEntity(where, 'endUser', endUser, entities.endUser);
  const out = compact({
    id: r.take('id'),
    name: r.take('name'),
    kind: classify(KIND_RULES, type, `${where} type`),
    type,
    provider: providerTicker,
    providerName: r.take('provider'),
    counterparty,
    counterpartyEntity: cp.entity,
    counterpartyEntityNote: cp.note,
    counterpartyBacker,
    backstops: checkBackstops(where, counterpartyBacker, BACKSTOPS[d.id]),
    endUser,
    endUserEntity: eu.entity,
    endUserEntityNote: eu.note,
    valueUSD,
    valueNote,
    termYears: r.take('termYears'),
    mw: r.take('mw'),
    mwBasis: r.take('mwBasis'),
    mwBasisKind,
    mwBasisKindNote,
    hardware: r.take('hardware'),
    announced: r.take('announced'),
    status,
    stage: classify(STAGE_RULES, status, `${where} status`),
    milestones: r.take('milestones'),
    notes: r.take('notes'),
    asOf: newest(
      sources.map((s) => s.date),
      fileAsOf,
    ),
    confidence: r.take('confidence'),
    sources,
  });
  r.done();
  return out;
}

// ---------------------------------------------------------------- fleet facts

const FLEET_FACTS = ['hashrateEH', 'efficiencyJTH', 'btcMined', 'powerMW', 'costPerBTC', 'btcHoldings'];
/** Extra keys each fact may carry besides value, asOf, period, sources, confidence, note. */
const FACT_EXTRA = { powerMW: ['total', 'mining', 'hpc', 'basis'], costPerBTC: ['unit', 'metric'] };

/** A fleet-facts source: dates and URLs that are not one keep their text as given in a note. */
function mapFleetSource(s, where) {
  const r = reader(s, where);
  const title = r.take('title');
  let url = r.take('url');
  const publisher = r.take('publisher');
  let date = r.take('date');
  r.done();
  const notes = [];
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw new Error(`${where}: url "${url}" is not a URL`);
  if (/\s/.test(url)) {
    notes.push(`URL as given: "${url}"`);
    url = url.split(/\s/)[0];
  }
  if (date !== null && date !== undefined && !SOURCE_DATE_RE.test(date)) {
    notes.push(`date as given: "${date}"`);
    const lead = /^\d{4}(-\d{2}(-\d{2})?)?(?![\d-])/.exec(date);
    date = lead ? lead[0] : null;
  }
  return compact({ title, url, publisher, date, dateBasis: date === null ? 'unknown' : undefined, note: notes.length ? notes.join('; ') : undefined });
}

function mapFleetFact(f, name, where) {
  const r = reader(f, where);
  const out = compact({
    value: r.take('value'),
    asOf: r.take('asOf'),
    period: r.take('period'),
    sources: r.take('sources').map((s, k) => mapFleetSource(s, `${where}.sources[${k}]`)),
    confidence: r.take('confidence'),
    note: r.take('note'),
    ...Object.fromEntries((FACT_EXTRA[name] ?? []).map((k) => [k, r.take(k)])),
  });
  r.done();
  if (out.value !== null && typeof out.value !== 'number') throw new Error(`${where}: value ${JSON.stringify(out.value)} is not a number or null`);
  return out;
}

/** The fleet facts by ticker. */
function mapFleet(fleetFacts) {
  const byTicker = new Map();
  for (const c of fleetFacts.companies) {
    const where = `fleet ${c.ticker}`;
    const r = reader(c, where);
    r.take('ticker');
    r.take('name');
    const fleet = {};
    for (const name of FLEET_FACTS) fleet[name] = mapFleetFact(r.take(name), name, `${where}.${name}`);
    r.done();
    if (byTicker.has(c.ticker)) throw new Error(`${where}: listed twice`);
    byTicker.set(c.ticker, fleet);
  }
  return byTicker;
}

/** The bullets of the README's "## Not confirmed" section. */
function notConfirmed(readme) {
  const m = /^## Not confirmed[^\n]*\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readme);
  if (!m) throw new Error('README: no "## Not confirmed" section');
  const bullets = m[1]
    .split('\n')
    .filter((l) => l.startsWith('- '))
    .map((l) => l.slice(2).trim());
  if (!bullets.length) throw new Error('README: "## Not confirmed" has no bullets');
  return bullets;
}

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const rel = (p) => path.relative(root, p).split(path.sep).join('/');

export function buildCatalog(factsPath, fleetPath = path.resolve(root, 'fixtures/reference/miner_fleet_facts.json')) {
  const raw = readFileSync(factsPath);
  const readmePath = path.join(path.dirname(factsPath), 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const facts = JSON.parse(raw.toString('utf8'));
  const fileAsOf = facts.asOf;
  if (!DATE_RE.test(fileAsOf)) throw new Error(`facts asOf "${fileAsOf}" is not a date`);

  // Which company provides each deal: the one whose dealIds list it (exactly one).
  const providerOf = new Map();
  for (const c of facts.companies) {
    for (const id of c.dealIds) {
      if (providerOf.has(id)) throw new Error(`deal ${id} is listed by ${providerOf.get(id)} and ${c.ticker}`);
      providerOf.set(id, c.ticker);
    }
  }
  const dealIds = new Set(facts.deals.map((d) => d.id));
  for (const [id, t] of providerOf) if (!dealIds.has(id)) throw new Error(`${t} lists unknown deal ${id}`);
  for (const d of facts.deals) if (!providerOf.has(d.id)) throw new Error(`deal ${d.id} is listed by no company`);

  const fleetRaw = readFileSync(fleetPath);
  const fleetReadmePath = fleetPath.replace(/\.json$/, '.md');
  const fleetReadme = readFileSync(fleetReadmePath, 'utf8');
  const fleetFacts = JSON.parse(fleetRaw.toString('utf8'));
  const fleetByTicker = mapFleet(fleetFacts);
  const miners = facts.companies.map((c) => {
    const m = mapCompany(c, fileAsOf);
    const fleet = fleetByTicker.get(m.ticker);
    if (!fleet) return m;
    // `fleet` goes after debtRaisesNote, as in the schema.
    const out = {};
    for (const [k, v] of Object.entries(m)) {
      if (k === 'dealIds') out.fleet = fleet;
      out[k] = v;
    }
    return out;
  });
  for (const t of fleetByTicker.keys()) if (!miners.some((m) => m.ticker === t)) throw new Error(`fleet facts for ${t}, which is not a catalog company`);
  const deals = facts.deals.map((d) => mapDeal(d, providerOf.get(d.id), fileAsOf));
  for (const [table, keys] of [
    ['ENTITIES', Object.keys(ENTITIES)],
    ['BACKSTOPS', Object.keys(BACKSTOPS)],
  ])
    for (const id of keys) if (!dealIds.has(id)) throw new Error(`${table} lists deal ${id}, which is not in the reference`);

  // Figures are copied exactly: check every number against the reference.
  const numbers = (o) => JSON.stringify(o, (k, v) => (typeof v === 'string' ? undefined : v));
  facts.companies.forEach((c, i) => {
    const m = miners[i];
    if (c.contractedHpcMW !== m.contractedHpcMW || numbers(c.totalPowerCapacity) !== numbers(m.totalPowerCapacity))
      throw new Error(`${c.ticker}: figures changed in the copy`);
    c.debtRaises.forEach((d, k) => {
      if (d.amountUSD !== m.debtRaises[k].amountUSD) throw new Error(`${c.ticker} debt ${k}: amount changed in the copy`);
    });
  });
  facts.deals.forEach((d, i) => {
    for (const k of ['valueUSD', 'termYears', 'mw']) if (d[k] !== deals[i][k]) throw new Error(`${d.id}: ${k} changed in the copy`);
  });
  for (const c of fleetFacts.companies) {
    const m = miners.find((x) => x.ticker === c.ticker);
    for (const name of FLEET_FACTS)
      for (const k of ['value', 'total', 'mining', 'hpc'])
        if (c[name][k] !== m.fleet[name][k]) throw new Error(`${c.ticker} fleet.${name}.${k}: figure changed in the copy`);
  }

  const catalog = {
    $schema: './catalog.schema.json',
    asOf: fileAsOf,
    description:
      'Hashpivot catalog of bitcoin miners pivoting to AI/HPC hosting and their AI/HPC deals. Generated by scripts/build-catalog.mjs from the reference facts named in generatedFrom; do not edit by hand (see ORIGIN.md). Figures are as reported by the sources listed with each record; check the confidence and unconfirmed notes before relying on one.',
    generatedFrom: {
      file: rel(factsPath),
      asOf: fileAsOf,
      sha256: sha256(raw),
      readme: { file: rel(readmePath), sha256: sha256(Buffer.from(readme, 'utf8')) },
      by: 'scripts/build-catalog.mjs',
      fleetFacts: {
        file: rel(fleetPath),
        asOf: fleetFacts.asOf,
        sha256: sha256(fleetRaw),
        readme: { file: rel(fleetReadmePath), sha256: sha256(Buffer.from(fleetReadme, 'utf8')) },
      },
    },
    unconfirmed: notConfirmed(readme),
    miners,
    deals,
  };
  const json = JSON.stringify(catalog, null, 2) + '\n';

  const origin = [
    `> **This is a derivation.** \`catalog.json\` beside this file is built by \`scripts/build-catalog.mjs\``,
    `> from the Hashpivot reference facts \`${rel(factsPath)}\``,
    `> (as of ${fileAsOf}, sha256 \`${sha256(raw)}\`).`,
    `> Figures, dates, confidences, notes, \`unconfirmed\` lists and sources are copied exactly; the script adds`,
    `> each record's \`asOf\` (newest source date), each deal's provider ticker, \`kind\` and \`stage\`, and each`,
    `> debt raise's \`pivotRelated\` judgement (see the comments at the top of the script). It normalises a few`,
    `> texts and keeps the original in a note: "TSX (…)" exchanges, headquarters "not in retrieved sources" (null),`,
    `> a debt date "2024-12 / 2025-02" (the later date); a deal with null value and null value note gets the build`,
    `> note "No value disclosed in the retrieved sources.". The README's "Not confirmed" bullets become the`,
    `> catalog-wide \`unconfirmed\` list. The reference's \`context\` section is not carried over.`,
    `> Each deal with a MW figure gets \`mwBasisKind\` (critical-it, gross or unknown) and a \`mwBasisKindNote\``,
    `> from the script's MW_BASIS table; each deal gets \`counterpartyEntity\` and \`endUserEntity\` (a canonical company name,`,
    `> null when undisclosed or unnamed) from its ENTITIES table, and \`backstops\` (guarantor, amount, what is covered) from`,
    `> its BACKSTOPS table, each backstop quoting the deal's \`counterpartyBacker\` text word for word.`,
    `>`,
    `> The miners' \`fleet\` facts (hashrate, efficiency, BTC mined, power, cost per BTC, BTC held) come from`,
    `> \`${rel(fleetPath)}\` (sha256 \`${sha256(fleetRaw)}\`; its asOf: "${fleetFacts.asOf}";`,
    `> gathered with: ${fleetFacts.gatheredWith}). Values, dates, confidences, notes and sources are copied`,
    `> exactly, null stays null; source dates and URLs that are not one keep their text as given in the source's`,
    `> note. Its \`context\` section (block subsidy, ASIC efficiency, hashprice values) is not carried over.`,
    `> Neither reference file states a licence: both are facts compiled from stored copies of public web pages,`,
    `> paraphrased, with every figure's sources listed (see fixtures/README.md).`,
    `> ${miners.length} miners (${fleetByTicker.size} with fleet facts), ${deals.length} deals.`,
    `> Below this box: the reference README (\`${rel(readmePath)}\`, sha256 \`${sha256(Buffer.from(readme, 'utf8'))}\`), then the`,
    `> fleet facts' README (\`${rel(fleetReadmePath)}\`, sha256 \`${sha256(Buffer.from(fleetReadme, 'utf8'))}\`), each copied unchanged.`,
    '',
    '---',
    '',
    readme.endsWith('\n') ? readme : readme + '\n',
    '---',
    '',
    fleetReadme.endsWith('\n') ? fleetReadme : fleetReadme + '\n',
  ].join('\n');

  return { json, origin, miners: miners.length, deals: deals.length };
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const { json, origin, miners, deals } = buildCatalog(opts.facts, opts.fleet);
  const files = [
    [path.join(opts.out, 'catalog.json'), json],
    [path.join(opts.out, 'ORIGIN.md'), origin],
  ];
  if (opts.check) {
    const stale = files.filter(([f, text]) => !existsSync(f) || readFileSync(f, 'utf8') !== text).map(([f]) => rel(f));
    if (stale.length) {
      console.error(`out of date: ${stale.join(', ')} (run node scripts/build-catalog.mjs)`);
      process.exit(1);
    }
    console.log(`catalog up to date (${miners} miners, ${deals} deals)`);
    return;
  }
  mkdirSync(opts.out, { recursive: true });
  for (const [f, text] of files) writeFileSync(f, text);
  console.log(`wrote ${files.map(([f]) => rel(f)).join(', ')}: ${miners} miners, ${deals} deals`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    console.error(`build-catalog: ${e.message}`);
    process.exit(1);
  }
}
