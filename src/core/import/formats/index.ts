/**
 * Every statement format Meisai recognises, in the order they are tried. Specific issuer layouts
 * come first; the generic header-based CSV is the last resort before column mapping.
 */
import type { StatementFormat } from '../types';
import { genericCsv } from './generic-csv';
import { rakuten } from './rakuten';
import { dcard, smbcVpass } from './smbc';
import { amexJp } from './amex-jp';
import { aupay } from './aupay';
import { amexUs, barclays, chase, monzo } from './international';
import { mufg } from './mufg';
import { paypay } from './paypay';
import { jcb } from './jcb';
import { saison } from './saison';
import { epos } from './epos';
import { aeon } from './aeon';
import { orico } from './orico';
import { view } from './view';
// formats:imports

export const ISSUER_FORMATS: readonly StatementFormat[] = [
  rakuten,
  dcard,
  smbcVpass,
  amexJp,
  mufg,
  paypay,
  aupay,
  amexUs,
  chase,
  monzo,
  barclays,
  jcb,
  saison,
  epos,
  aeon,
  orico,
  view,
  // formats:list
];

export const FORMATS: readonly StatementFormat[] = [...ISSUER_FORMATS, genericCsv];
